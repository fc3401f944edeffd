package org.ioswitch.device.e2e;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.testing.Ports;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.BlockRules;
import org.ioswitch.server.console.ConsoleOptions;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerFixture;

/**
 * The real home server on 127.0.0.1 (a port below the ephemeral range, the same on restart: see {@link Ports}) over a
 * fresh pekkahome root: the server's {@link ServerFixture} with the accounts every device test uses (device gina3, operators alice and bob).
 */
final class HomeFixture implements AutoCloseable {
    final Path dir;
    final TestOrg org;
    final OrgCa ca;
    final Path root;
    HomeServer server;
    private final ServerFixture fixture;
    private int port = Ports.restartable();
    /** Keepalive and dead-peer time of the server's connections; tests of silent peers shorten them. */
    LinkOptions link = LinkOptions.defaults();

    HomeFixture(Path dir) throws Exception {
        this.fixture = new ServerFixture(dir, "pekkahome")
                .account("pekkahome", "gina3", AccountKind.DEVICE, "devpw")
                .account("pekkahome", "alice", AccountKind.USER, "alicepw")
                .account("pekkahome", "bob", AccountKind.USER, "bobpw", new BlockRules(List.of("*.*"), List.of()));
        this.dir = dir;
        this.org = fixture.org;
        this.ca = fixture.ca;
        this.root = fixture.root;
    }

    /** Starts (or restarts on the port it got first) with {@link #link}'s settings. */
    HomeFixture start() throws Exception {
        return start(ConsoleOptions.DISABLED);
    }

    /** Starts with the web console on 127.0.0.1, port 0. */
    HomeFixture startWithConsole() throws Exception {
        return start(ConsoleOptions.on(new InetSocketAddress("127.0.0.1", 0), "pekkahome"));
    }

    /** The console's address, {@code https://127.0.0.1:PORT/}. */
    java.net.URI consoleUri() {
        return java.net.URI.create(server.console().orElseThrow().url());
    }

    private HomeFixture start(ConsoleOptions console) throws Exception {
        server = fixture.start(fixture.options().listen("127.0.0.1", port).link(link)
                .console(console).build()).server;
        port = fixture.port();
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
        fixture.close();
    }
}
