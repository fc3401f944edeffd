package org.ioswitch.device.e2e;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.testing.TestOrg;
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
    final TestOrg org;
    final OrgCa ca;
    final Path root;
    private final IssuedPem serverCert;
    HomeServer server;
    private int port;

    HomeFixture(Path dir) throws Exception {
        this.dir = dir;
        this.org = TestOrg.create(dir, "pekkahome");
        this.ca = org.ca();
        this.root = org.root();
        this.serverCert = org.server(dir, "server", "localhost");
        AccountStore accounts = AccountStore.open(dir);
        accounts.add(Account.create("pekkahome", "gina3", AccountKind.DEVICE, "devpw".toCharArray()));
        accounts.add(Account.create("pekkahome", "alice", AccountKind.USER, "alicepw".toCharArray()));
        accounts.add(Account.create("pekkahome", "bob", AccountKind.USER, "bobpw".toCharArray())
                .withRules(new BlockRules(List.of("*.*"), List.of())));
    }

    HomeFixture start() throws Exception {
        TlsOptions tls = org.listener(serverCert).build();
        server = HomeServer.start(ServerOptions.builder().dir(dir).listen("127.0.0.1", port).tls(tls)
                .helloTimeout(Duration.ofSeconds(5)).authTimeout(Duration.ofSeconds(5)).build());
        port = ((InetSocketAddress) server.address()).getPort();
        return this;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Client TLS options trusting only the org root. */
    TlsOptions clientTls() {
        return org.trusting().build();
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
