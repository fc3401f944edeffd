package org.ioswitch.device.e2e;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.testing.Ports;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.BlockRules;
import org.ioswitch.server.console.ConsoleOptions;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerFixture;

/**
 * The real home server on 127.0.0.1 (a port below the ephemeral range, the same on restart: see {@link Ports}) over a
 * fresh pekkahome root: the server's {@link ServerFixture} with the accounts every device test uses (device gina3,
 * operators alice and bob), and the setup those tests share: the simulated device gina3 ({@link #device()}), the
 * operator alice ({@link #operator()}), waiting until the server lists the device ready ({@link #awaitListed}).
 */
final class HomeFixture implements AutoCloseable {
    /** The device account every test's simulated device logs in as. */
    static final String DEVICE_ID = "gina3.pekkahome";
    /** Online with every block announced ({@code info} is the last). */
    static final Predicate<DeviceList.DeviceEntry> READY = e -> e.online()
            && e.blocks().stream().anyMatch(b -> b.name().equals("info"));
    /** Reconnect backoff of the tests' devices and operators: quick, the machine is loopback. */
    static final Duration BACKOFF_MIN = Duration.ofMillis(100);
    static final Duration BACKOFF_MAX = Duration.ofMillis(400);

    final Path dir;
    final TestOrg org;
    final OrgCa ca;
    final Path root;
    HomeServer server;
    private final ServerFixture fixture;
    private int port = Ports.restartable();
    /** Keepalive and dead-peer time of the server's connections; tests of silent peers shorten them. */
    LinkOptions link = LinkOptions.defaults();
    /** The server's clock (versions, last-live times, throttle, console, peer log); tests of the peer log move it. */
    java.time.InstantSource clock = java.time.InstantSource.system();

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
                .console(console).build(), clock).server;
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

    /**
     * The simulated device gina3 to this server: its account's password, the simulator's signal map and board type,
     * quick reconnects; a test adds what it needs (a state directory, another map) and builds it. (Another server
     * address would be an additional route: start from {@link #gina3()} for that.)
     */
    Device.Builder device() {
        return gina3().server(address()).tls(clientTls());
    }

    /** Starts {@link #device()} with {@code exp.counter} at {@code counter} (published once, no board running). */
    Device startDeviceCounting(long counter) throws Exception {
        Device d = device().build();
        d.block("exp").signal("counter").set(counter);
        d.start();
        d.block("exp").publish();
        return d;
    }

    /** The simulated device gina3 without a route: for a home server reached another way (through the switchbox). */
    static Device.Builder gina3() {
        return Device.builder().id(DEVICE_ID).signalMap(SimulatedBoard.signalMap()).password("devpw")
                .boardType(SimulatedBoard.BOARD_TYPE).backoff(BACKOFF_MIN, BACKOFF_MAX);
    }

    /** The operator alice (read everything, write imp) to this server directly; a test may change route or options. */
    OperatorOptions.Builder operatorOptions() {
        return alice().server(address()).tls(clientTls());
    }

    /** The operator alice without a route. */
    static OperatorOptions.Builder alice() {
        return OperatorOptions.builder().network("pekkahome").user("alice").password("alicepw")
                .backoff(BACKOFF_MIN, BACKOFF_MAX);
    }

    /** Alice connected directly. */
    OperatorClient operator() throws Exception {
        return OperatorClient.connect(operatorOptions().build());
    }

    /**
     * Asks the server (round trips, no sleep) until it lists {@link #DEVICE_ID} as {@code test} wants, within 20 s.
     *
     * @return the entry that passed
     */
    static DeviceList.DeviceEntry awaitListed(OperatorClient op, Predicate<DeviceList.DeviceEntry> test)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<DeviceList.DeviceEntry> last = List.of();
        while (System.nanoTime() < deadline) {
            last = op.listDevices();
            for (DeviceList.DeviceEntry e : last) {
                if (e.deviceId().equals(DEVICE_ID) && test.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError(DEVICE_ID + " not listed as expected within 20 s: " + last);
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
