package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorException;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.device.testing.SignalValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reconnecting operator client keeps its listeners fed across home server and switchbox restarts and across a
 * device's new firmware (a bigger {@code exp}); without reconnect the client still ends with its connection.
 */
class OperatorReconnectTest {
    static final String ID = HomeFixture.DEVICE_ID;
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

    private Device startDevice(Device.Builder b) throws Exception {
        device = b.build();
        device.start();
        return device;
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
        startDevice(home.device());
        board = new SimulatedBoard(device.block("exp"), device.block("imp"), 7);
        board.step();
        try (OperatorClient op = OperatorClient.connect(home.operatorOptions().reconnect(true).build())) {
            op.onStatus(states::add);
            assertEquals("connected via " + home.address(), awaitState("connected"));
            HomeFixture.awaitListed(op, HomeFixture.READY);
            op.subscribe(ID, values::add);
            assertNotNull(SignalValues.awaitValue(values, "exp.counter", v -> (Long) v.value() == 1));

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
            assertNotNull(SignalValues.awaitValue(values, "exp.counter", v -> (Long) v.value() == 3),
                    "the same listener gets the values published while the server was down");
            board.step();
            assertNotNull(SignalValues.awaitValue(values, "exp.counter", v -> (Long) v.value() == 4), "and the next ones");
            assertEquals("4 ok", op.get(ID, "exp.counter").toString(), "requests work on the new connection");
        }
    }

    @Test
    void withoutReconnectTheClientEndsWithItsConnection() throws Exception {
        home = new HomeFixture(dir).start();
        startDevice(home.device());
        try (OperatorClient op = home.operator()) {
            HomeFixture.awaitListed(op, HomeFixture.READY);
            op.subscribe(ID, values::add);
            home.stop();
            assertNotNull(op.closed().get(10, TimeUnit.SECONDS), "closed with a reason");
            assertTrue(!op.connected());
        }
    }

    @Test
    void switchboxRestartReconnectingOperatorKeepsReceivingThroughTheSwitchbox() throws Exception {
        relay = new RelayFixture(dir).startSwitchbox().startHome();
        startDevice(HomeFixture.gina3().tls(relay.homeTls()).viaSwitchbox(relay.switchboxAddress(), relay.cloudTls()));
        board = new SimulatedBoard(device.block("exp"), device.block("imp"), 7);
        board.step();
        OperatorOptions options = HomeFixture.alice().tls(relay.homeTls()).viaSwitchbox(relay.route()).reconnect(true)
                .build();
        try (OperatorClient op = OperatorClient.connect(options)) {
            op.onStatus(states::add);
            String up = awaitState("connected via switchbox");
            HomeFixture.awaitListed(op, HomeFixture.READY);
            op.subscribe(ID, values::add);
            assertNotNull(SignalValues.awaitValue(values, "exp.counter", v -> (Long) v.value() == 1));

            relay.stopSwitchbox();
            awaitState("disconnected");
            board.step();
            relay.startSwitchbox();
            relay.awaitPublished();
            assertEquals(up, awaitState("connected via switchbox"));
            assertNotNull(SignalValues.awaitValue(values, "exp.counter", v -> (Long) v.value() == 2),
                    "the same listener hears the device again through the restarted switchbox");
        }
    }

    @Test
    void deviceWithABiggerExpMapReachesTheListenerWithItsNewSignal() throws Exception {
        home = new HomeFixture(dir).start();
        SignalMap before = SimulatedBoard.signalMap();
        startDevice(home.device().signalMap(before));
        device.block("exp").signal("counter").set(5L);
        device.block("exp").publish();
        try (OperatorClient op = OperatorClient.connect(home.operatorOptions().reconnect(true).build())) {
            HomeFixture.awaitListed(op, HomeFixture.READY);
            op.subscribe(ID, values::add);
            assertNotNull(SignalValues.awaitValue(values, "exp.counter", v -> (Long) v.value() == 5));

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
            startDevice(home.device().signalMap(after));
            device.block("exp").signal("humidity").set(55.5);
            device.block("exp").signal("counter").set(6L);
            device.block("exp").publish();

            assertNotNull(SignalValues.awaitValue(values, "exp.humidity", v -> v.value() instanceof Number n && n.doubleValue() == 55.5),
                    "the listener gets the new signal");
            assertEquals(after, op.signalMap(ID), "the client reads the new map");
            assertEquals("6 ok", op.get(ID, "exp.counter").toString());
        }
    }
}
