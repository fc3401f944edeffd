package org.ioswitch.server.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.account.BlockRules;

/** A home server on 127.0.0.1 port 0 over a fresh org root, with accounts made here; closes everything. */
public final class ServerFixture implements AutoCloseable {
    public final Path dir;
    public final OrgCa ca;
    public final Path root;
    public final AccountStore accounts;
    public HomeServer server;

    public ServerFixture(Path dir) throws Exception {
        this.dir = dir;
        this.ca = OrgCa.create("home");
        this.root = dir.resolve("ca/home-root.crt");
        PemFiles.writeCertificates(root, List.of(ca.certificate()));
        Issued issued = ca.issue(CertSpec.server("localhost").dns("localhost").ip("127.0.0.1").build());
        PemFiles.writeCertificates(dir.resolve("server.crt"), issued.chain());
        PemFiles.writePrivateKey(dir.resolve("server.key"), issued.privateKey(), null);
        this.accounts = AccountStore.open(dir);
    }

    public ServerFixture account(String network, String name, AccountKind kind, String password) throws Exception {
        accounts.add(Account.create(network, name, kind, password.toCharArray()));
        return this;
    }

    public ServerFixture account(String network, String name, AccountKind kind, String password, BlockRules rules)
            throws Exception {
        accounts.add(Account.create(network, name, kind, password.toCharArray()).withRules(rules));
        return this;
    }

    public ServerOptions.Builder options() {
        TlsOptions tls = TlsOptions.builder().certificate(dir.resolve("server.crt"))
                .privateKey(dir.resolve("server.key")).trust(root)
                .clientCertificates(ClientCertificates.OPTIONAL).requiredLevel(SecurityLevel.TLS).build();
        return ServerOptions.builder().dir(dir).listen("127.0.0.1", 0).tls(tls)
                .helloTimeout(Duration.ofSeconds(5)).authTimeout(Duration.ofSeconds(5))
                .link(new LinkOptions(Duration.ofSeconds(2), Duration.ofSeconds(20),
                        LinkOptions.DEFAULT_CREDIT_WINDOW, WireLimits.DEFAULT));
    }

    public ServerFixture start() throws Exception {
        return start(options().build());
    }

    public ServerFixture start(ServerOptions options) throws Exception {
        server = HomeServer.start(options);
        return this;
    }

    public ServerFixture start(ServerOptions options, java.time.InstantSource clock) throws Exception {
        server = HomeServer.start(options, clock);
        return this;
    }

    public int port() {
        return server.address().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
