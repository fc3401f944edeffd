package org.ioswitch.device.e2e;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.account.BlockRules;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;

/** The real home server on 127.0.0.1 (port 0, then the same port on restart) over a fresh pekkahome root. */
final class HomeFixture implements AutoCloseable {
    final Path dir;
    final OrgCa ca;
    final Path root;
    HomeServer server;
    private int port;
    /** Keepalive and dead-peer time of the server's connections; tests of silent peers shorten them. */
    org.ioswitch.common.link.LinkOptions link = org.ioswitch.common.link.LinkOptions.defaults();

    HomeFixture(Path dir) throws Exception {
        this.dir = dir;
        this.ca = OrgCa.create("pekkahome");
        this.root = dir.resolve("pekkahome-root.crt");
        PemFiles.writeCertificates(root, List.of(ca.certificate()));
        Issued issued = ca.issue(CertSpec.server("localhost").dns("localhost").ip("127.0.0.1").build());
        PemFiles.writeCertificates(dir.resolve("server.crt"), issued.chain());
        PemFiles.writePrivateKey(dir.resolve("server.key"), issued.privateKey(), null);
        AccountStore accounts = AccountStore.open(dir);
        accounts.add(Account.create("pekkahome", "gina3", AccountKind.DEVICE, "devpw".toCharArray()));
        accounts.add(Account.create("pekkahome", "alice", AccountKind.USER, "alicepw".toCharArray()));
        accounts.add(Account.create("pekkahome", "bob", AccountKind.USER, "bobpw".toCharArray())
                .withRules(new BlockRules(List.of("*.*"), List.of())));
    }

    HomeFixture start() throws Exception {
        TlsOptions tls = TlsOptions.builder().certificate(dir.resolve("server.crt"))
                .privateKey(dir.resolve("server.key")).trust(root)
                .clientCertificates(ClientCertificates.OPTIONAL).requiredLevel(SecurityLevel.TLS).build();
        server = HomeServer.start(ServerOptions.builder().dir(dir).listen("127.0.0.1", port).tls(tls)
                .helloTimeout(Duration.ofSeconds(5)).authTimeout(Duration.ofSeconds(5)).link(link).build());
        port = ((InetSocketAddress) server.address()).getPort();
        return this;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Client TLS options trusting only the org root. */
    TlsOptions clientTls() {
        return TlsOptions.builder().trust(root).build();
    }

    /** Stops the server (listeners and every session). */
    void stop() {
        server.close();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
