package org.ioswitch.device.e2e;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.testing.Ports;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.connect.Switchbox;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;
import org.ioswitch.server.uplink.Uplink;
import org.ioswitch.server.uplink.UplinkOptions;
import org.ioswitch.common.metrics.MetricsOptions;
import org.ioswitch.server.console.ConsoleOptions;
import org.ioswitch.switchbox.SwitchboxFixture;
import org.ioswitch.switchbox.SwitchboxServer;

/**
 * The home organization {@code pekkahome} (home server, device and operator accounts) and the shared
 * {@link SwitchboxFixture} (cloud org {@code iocafe}, a real switchbox with a tap on every relayed byte) in a temp
 * directory, with the real home server publishing {@code pekkahome} through its uplink. Both restart on the ports
 * they first got.
 */
final class RelayFixture implements AutoCloseable {
    static final String UPLINK_PASSWORD = SwitchboxFixture.UPLINK_PASSWORD;
    final Path dir;
    final TestOrg home;
    final TestOrg cloud;
    final Path homeRoot;
    final Path cloudRoot;
    final Path homeDir;
    private final SwitchboxFixture box;
    private final IssuedPem homeCert;
    private boolean allowClearRelay;
    private java.time.InstantSource homeClock = java.time.InstantSource.system();
    /** The switchbox's port, below the ephemeral range like the home server's: a restart gets it back (see Ports). */
    int boxPort;
    private int homePort = Ports.restartable();
    SwitchboxServer switchbox;
    private boolean metrics;
    HomeServer server;

    RelayFixture(Path dir) throws Exception {
        this.dir = dir;
        homeDir = Files.createDirectories(dir.resolve("home"));
        home = TestOrg.create(dir, "pekkahome");
        box = new SwitchboxFixture(dir.resolve("box"));
        cloud = box.cloud();
        boxPort = box.port();
        homeRoot = home.root();
        cloudRoot = cloud.root();

        // The home server's certificate names its network: the host name a relayed client checks.
        homeCert = home.server(homeDir, "server", "pekkahome");
        AccountStore accounts = AccountStore.open(homeDir);
        accounts.add(Account.create("pekkahome", "gina3", AccountKind.DEVICE, "devpw".toCharArray()));
        accounts.add(Account.create("pekkahome", "alice", AccountKind.USER, "alicepw".toCharArray()));
    }

    /** The switchbox serves /metrics and the home server its console, both on 127.0.0.1 port 0; set before starting. */
    RelayFixture withMetrics() {
        this.metrics = true;
        return this;
    }

    /** The home server's clock (its peer log, throttle, versions); set before {@link #startHome()}. */
    RelayFixture homeClock(java.time.InstantSource clock) {
        this.homeClock = clock;
        return this;
    }

    /** Home server accepts relayed clients that skip end-to-end TLS; set before {@link #startHome()}. */
    RelayFixture allowClearRelay(boolean allow) {
        this.allowClearRelay = allow;
        return this;
    }

    RelayFixture startSwitchbox() throws Exception {
        switchbox = box.start(box.options().metrics(metrics
                ? new MetricsOptions(true, new InetSocketAddress("127.0.0.1", 0), null) : MetricsOptions.DISABLED)
                .build());
        boxPort = box.port();
        return this;
    }

    /** Starts the home server and waits until its uplink has published pekkahome. */
    RelayFixture startHome() throws Exception {
        TlsOptions tls = home.listener(homeCert).build();
        UplinkOptions uplink = box.uplinkOptions().build();
        server = HomeServer.start(ServerOptions.builder().dir(homeDir).listen("127.0.0.1", homePort).tls(tls)
                .helloTimeout(Duration.ofSeconds(5)).authTimeout(Duration.ofSeconds(5)).uplink(uplink)
                .allowClearRelay(allowClearRelay).console(metrics
                        ? ConsoleOptions.on(new InetSocketAddress("127.0.0.1", 0), "pekkahome")
                        : ConsoleOptions.DISABLED).build(), homeClock);
        homePort = ((InetSocketAddress) server.address()).getPort();
        awaitPublished();
        return this;
    }

    /** Waits until the uplink has (re)published its network. */
    void awaitPublished() throws Exception {
        Uplink.Status s = server.uplink().orElseThrow().awaitStatus(Uplink.Status::published, Duration.ofSeconds(10));
        if (!s.published()) {
            throw new AssertionError("uplink did not publish within 10 s: " + s.lastProblem());
        }
    }

    void stopSwitchbox() {
        switchbox.close();
    }

    void stopHome() {
        server.close();
    }

    /** The home server's directory: its admin socket (pairing, approval) lives there. */
    Path homeDir() {
        return homeDir;
    }

    String homeAddress() {
        return "127.0.0.1:" + homePort;
    }

    String switchboxAddress() {
        return "127.0.0.1:" + boxPort;
    }

    /** Client TLS trusting only the home org's root: verifies the home server, directly or end to end. */
    TlsOptions homeTls() {
        return home.trusting().build();
    }

    /** Client TLS trusting only the cloud org's root: verifies the switchbox. */
    TlsOptions cloudTls() {
        return box.trusting();
    }

    Switchbox route() {
        return Switchbox.of(switchboxAddress(), cloudTls());
    }

    /** Every byte the switchbox relayed so far, both directions. */
    String tapped() {
        return box.tapped();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (switchbox != null) {
            switchbox.close();
        }
    }
}
