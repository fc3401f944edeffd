package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorException;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reconnecting operator client keeps its listeners fed across home server and switchbox restarts and across a
 * device's new firmware (a bigger {@code exp}); without reconnect the client still ends with its connection.
 */
class OperatorReconnectTest {
    static final String ID = "gina3.pekkahome";
    static final Duration FAST_MIN = Duration.ofMillis(100);
    static final Duration FAST_MAX = Duration.ofMillis(400);
    @TempDir
    Path dir;
    HomeFixture home;
    RelayFixture relay;
    Device device;
    SimulatedBoard board;
    final BlockingQueue<SignalValue> values = new LinkedBlockingQueue<>();
    final BlockingQueue<String> states = new LinkedBlockingQueue<>();

    @AfterEach
    void tearDown() {
        if (board != null) {
            board.close();
        }
        if (device != null) {
            device.close();
        }
        if (home != null) {
            home.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private Device startDevice(Device.Builder where, SignalMap map) throws Exception {
        device = where.id(ID).signalMap(map).password("devpw").boardType(SimulatedBoard.BOARD_TYPE)
                .backoff(FAST_MIN, FAST_MAX).build();
        device.start();
        return device;
    }

    private OperatorOptions.Builder homeOperator(boolean reconnect) {
        return OperatorOptions.builder().server(home.address()).network("pekkahome").user("alice")
                .password("alicepw").tls(home.clientTls()).reconnect(reconnect).backoff(FAST_MIN, FAST_MAX);
    }

    private static SignalValue await(BlockingQueue<SignalValue> q, String name, Predicate<SignalValue> test)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            SignalValue v = q.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (v != null && v.name().equals(name) && test.test(v)) {
                return v;
            }
        }
        return null;
    }

    /** Asks the server until it lists the device online with its info block: round trips, no sleep. */
    private static void awaitOnline(OperatorClient op) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (op.listDevices().stream().anyMatch(e -> e.deviceId().equals(ID) && e.online()
                    && e.blocks().stream().anyMatch(b -> b.name().equals("info")))) {
                return;
            }
        }
        throw new AssertionError(ID + " not online within 10 s");
    }

    private String awaitState(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String s = states.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (s != null && s.startsWith(prefix)) {
                return s;
            }
        }
        throw new AssertionError("no status \"" + prefix + "…\" within 10 s; left: " + states);
    }

    @Test
    void homeServerRestartReconnectingOperatorKeepsReceivingWithTheSameListener() throws Exception {
        home = new HomeFixture(dir).start();
        startDevice(Device.builder().server(home.address()).tls(home.clientTls()), SimulatedBoard.signalMap());
        board = new SimulatedBoard(device.block("exp"), device.block("imp"), 7);
        board.step();
        try (OperatorClient op = OperatorClient.connect(homeOperator(true).build())) {
            op.onStatus(states::add);
            assertEquals("connected via " + home.address(), awaitState("connected"));
            awaitOnline(op);
            op.subscribe(ID, values::add);
            assertNotNull(await(values, "exp.counter", v -> (Long) v.value() == 1));

            home.stop();
            String down = awaitState("disconnected");
            assertTrue(down.matches("disconnected: .+, retrying in [0-9.]+ s"), down);
            assertTrue(!op.closed().isDone(), "a reconnecting client lives on");
            OperatorException during = assertThrows(OperatorException.class, () -> op.get(ID, "exp.counter"));
            assertTrue(during.getMessage().contains("closed"), during.getMessage());
            board.step();
            board.step();
            home.start();
            awaitState("connected via " + home.address());
            assertNotNull(await(values, "exp.counter", v -> (Long) v.value() == 3),
                    "the same listener gets the values published while the server was down");
            board.step();
            assertNotNull(await(values, "exp.counter", v -> (Long) v.value() == 4), "and the next ones");
            assertEquals("4 ok", op.get(ID, "exp.counter").toString(), "requests work on the new connection");
        }
    }

    @Test
    void withoutReconnectTheClientEndsWithItsConnection() throws Exception {
        home = new HomeFixture(dir).start();
        startDevice(Device.builder().server(home.address()).tls(home.clientTls()), SimulatedBoard.signalMap());
        try (OperatorClient op = OperatorClient.connect(homeOperator(false).build())) {
            awaitOnline(op);
            op.subscribe(ID, values::add);
            home.stop();
            assertNotNull(op.closed().get(10, TimeUnit.SECONDS), "closed with a reason");
            assertTrue(!op.connected());
        }
    }

    @Test
    void switchboxRestartReconnectingOperatorKeepsReceivingThroughTheSwitchbox() throws Exception {
        relay = new RelayFixture(dir).startSwitchbox().startHome();
        startDevice(Device.builder().tls(relay.homeTls()).viaSwitchbox(relay.switchboxAddress(), relay.cloudTls()),
                SimulatedBoard.signalMap());
        board = new SimulatedBoard(device.block("exp"), device.block("imp"), 7);
        board.step();
        OperatorOptions options = OperatorOptions.builder().network("pekkahome").user("alice").password("alicepw")
                .tls(relay.homeTls()).viaSwitchbox(relay.route()).reconnect(true).backoff(FAST_MIN, FAST_MAX).build();
        try (OperatorClient op = OperatorClient.connect(options)) {
            op.onStatus(states::add);
            String up = awaitState("connected via switchbox");
            awaitOnline(op);
            op.subscribe(ID, values::add);
            assertNotNull(await(values, "exp.counter", v -> (Long) v.value() == 1));

            relay.stopSwitchbox();
            awaitState("disconnected");
            board.step();
            relay.startSwitchbox();
            relay.awaitPublished();
            assertEquals(up, awaitState("connected via switchbox"));
            assertNotNull(await(values, "exp.counter", v -> (Long) v.value() == 2),
                    "the same listener hears the device again through the restarted switchbox");
        }
    }

    @Test
    void deviceWithABiggerExpMapReachesTheListenerWithItsNewSignal() throws Exception {
        home = new HomeFixture(dir).start();
        TlsOptions tls = home.clientTls();
        SignalMap before = SimulatedBoard.signalMap();
        startDevice(Device.builder().server(home.address()).tls(tls), before);
        device.block("exp").signal("counter").set(5L);
        device.block("exp").publish();
        try (OperatorClient op = OperatorClient.connect(homeOperator(true).build())) {
            awaitOnline(op);
            op.subscribe(ID, values::add);
            assertNotNull(await(values, "exp.counter", v -> (Long) v.value() == 5));

            // New firmware: the same device, exp with three more signals (a bigger block), a bigger info.
            String json;
            try (InputStream in = SimulatedBoard.class.getResourceAsStream("signals.json")) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String led = "{\"name\": \"led_state\", \"type\": \"boolean\"}";
            assertTrue(json.contains(led), json);
            SignalMap after = SignalMap.parse(json.replace(led, led + ", {\"name\": \"humidity\", \"type\": \"float\"},"
                    + " {\"name\": \"pressure\", \"type\": \"float\"}, {\"name\": \"rssi\", \"type\": \"int\"}"),
                    "new firmware");
            assertNotEquals(before.block("exp").size(), after.block("exp").size(), "the test needs a bigger exp");
            device.close();
            startDevice(Device.builder().server(home.address()).tls(tls), after);
            device.block("exp").signal("humidity").set(55.5);
            device.block("exp").signal("counter").set(6L);
            device.block("exp").publish();

            assertNotNull(await(values, "exp.humidity", v -> v.value() instanceof Number n && n.doubleValue() == 55.5),
                    "the listener gets the new signal");
            assertEquals(after, op.signalMap(ID), "the client reads the new map");
            assertEquals("6 ok", op.get(ID, "exp.counter").toString());
        }
    }
}
