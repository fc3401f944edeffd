package org.ioswitch.server.session;

import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.account.BlockRules;

/**
 * A home server on 127.0.0.1 port 0 over a fresh org root, with accounts made here; closes everything. Shared through
 * the server's test-jar: the device's end-to-end tests run their home server on it.
 */
public final class ServerFixture implements AutoCloseable {
    public final Path dir;
    public final TestOrg org;
    public final OrgCa ca;
    public final Path root;
    public final IssuedPem serverCert;
    public final AccountStore accounts;
    public HomeServer server;

    /** The server of organization and network {@code home}. */
    public ServerFixture(Path dir) throws Exception {
        this(dir, "home");
    }

    /** The server of organization {@code org} ({@code dir/ca/ORG-root.crt}), certificate for localhost. */
    public ServerFixture(Path dir, String organization) throws Exception {
        this.dir = dir;
        this.org = TestOrg.create(dir.resolve("ca"), organization);
        this.ca = org.ca();
        this.root = org.root();
        this.serverCert = org.server(dir, "server", "localhost");
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
        TlsOptions tls = org.listener(serverCert).build();
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
