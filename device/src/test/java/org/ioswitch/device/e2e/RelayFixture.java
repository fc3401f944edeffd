package org.ioswitch.device.e2e;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.SwitchboxServer;
import org.ioswitch.switchbox.account.Accounts;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.switchbox.route.InMemoryTunnelRegistry;

/**
 * Two organizations in a temp directory: the home org {@code pekkahome} (home server, device and operator accounts)
 * and the cloud org {@code iocafe} (the switchbox). A real switchbox with a tap on every relayed byte, and the real
 * home server publishing {@code pekkahome} through its uplink. Both restart on the ports they first got.
 */
final class RelayFixture implements AutoCloseable {
    static final String UPLINK_PASSWORD = "pekka-uplink-pw";
    final Path dir;
    final TestOrg home;
    final TestOrg cloud;
    final Path homeRoot;
    final Path cloudRoot;
    final Path homeDir;
    private final Path boxDir;
    private final IssuedPem homeCert;
    private final IssuedPem boxCert;
    private final ByteArrayOutputStream tapped = new ByteArrayOutputStream();
    private boolean allowClearRelay;
    /** Below the ephemeral range: a restart gets the same port back (see Ports). */
    int boxPort = Ports.restartable();
    private int homePort = Ports.restartable();
    SwitchboxServer switchbox;
    private boolean metrics;
    HomeServer server;

    RelayFixture(Path dir) throws Exception {
        this.dir = dir;
        homeDir = Files.createDirectories(dir.resolve("home"));
        boxDir = Files.createDirectories(dir.resolve("box"));
        home = TestOrg.create(dir, "pekkahome");
        cloud = TestOrg.create(dir, "iocafe");
        homeRoot = home.root();
        cloudRoot = cloud.root();

        // The home server's certificate names its network: the host name a relayed client checks.
        homeCert = home.server(homeDir, "server", "pekkahome");
        AccountStore accounts = AccountStore.open(homeDir);
        accounts.add(Account.create("pekkahome", "gina3", AccountKind.DEVICE, "devpw".toCharArray()));
        accounts.add(Account.create("pekkahome", "alice", AccountKind.USER, "alicepw".toCharArray()));

        boxCert = cloud.server(boxDir, "switchbox", "switchbox");
        Accounts.writeEmpty(boxDir.resolve("accounts.json"));
        Accounts.load(boxDir.resolve("accounts.json")).put(new org.ioswitch.switchbox.account.PublisherAccount("pekka",
                PasswordHash.create(UPLINK_PASSWORD.toCharArray()), null, List.of("pekkahome")));
    }

    /** The switchbox serves /metrics and the home server its console, both on 127.0.0.1 port 0; set before starting. */
    RelayFixture withMetrics() {
        this.metrics = true;
        return this;
    }

    /** Home server accepts relayed clients that skip end-to-end TLS; set before {@link #startHome()}. */
    RelayFixture allowClearRelay(boolean allow) {
        this.allowClearRelay = allow;
        return this;
    }

    RelayFixture startSwitchbox() throws Exception {
        SwitchboxOptions options = SwitchboxOptions.builder().bind("127.0.0.1").port(boxPort)
                .tls(cloud.listener(boxCert).build())
                .accountsFile(boxDir.resolve("accounts.json"))
                .metrics(metrics ? new MetricsOptions(true, new InetSocketAddress("127.0.0.1", 0), null)
                        : MetricsOptions.DISABLED).build();
        switchbox = SwitchboxServer.start(options, new InMemoryTunnelRegistry(), (network, id, toHome, b, off, len) -> {
            synchronized (tapped) {
                tapped.write(b, off, len);
            }
        });
        boxPort = switchbox.port();
        return this;
    }

    /** Starts the home server and waits until its uplink has published pekkahome. */
    RelayFixture startHome() throws Exception {
        TlsOptions tls = home.listener(homeCert).build();
        UplinkOptions uplink = UplinkOptions.builder().host("127.0.0.1").port(boxPort)
                .tls(cloud.trusting().build()).account("pekka").password(UPLINK_PASSWORD)
                .networks("pekkahome").reconnectMin(Duration.ofMillis(100)).reconnectMax(Duration.ofMillis(500))
                .connectTimeout(Duration.ofSeconds(5)).build();
        server = HomeServer.start(ServerOptions.builder().dir(homeDir).listen("127.0.0.1", homePort).tls(tls)
                .helloTimeout(Duration.ofSeconds(5)).authTimeout(Duration.ofSeconds(5)).uplink(uplink)
                .allowClearRelay(allowClearRelay).console(metrics
                        ? ConsoleOptions.on(new InetSocketAddress("127.0.0.1", 0), "pekkahome")
                        : ConsoleOptions.DISABLED).build());
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
        return cloud.trusting().build();
    }

    Switchbox route() {
        return Switchbox.of(switchboxAddress(), cloudTls());
    }

    /** Every byte the switchbox relayed so far, both directions. */
    String tapped() {
        synchronized (tapped) {
            return tapped.toString(StandardCharsets.ISO_8859_1);
        }
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
