package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.wire.WriteOutcome;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorException;
import org.ioswitch.device.operator.SetResult;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write is confirmed by the device: applied at a version, rejected by the application (the simulator's setpoint
 * range) or by the signal map's min/max, or pending while the device is offline, then applied when it is back; directly
 * and through the switchbox, over real TLS with the real server, device and operator client.
 */
class WriteConfirmationTest {
    static final String ID = HomeFixture.DEVICE_ID;
    static final Duration ANSWER = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    HomeFixture home;
    RelayFixture relay;
    Device device;
    final ConnectionEvents events = new ConnectionEvents();

    @AfterEach
    void tearDown() {
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

    private Device device(Device.Builder b) throws Exception {
        device = b.build();
        device.addListener(events);
        return device;
    }

    /** Checks {@code condition} until it holds, one round trip to the server between checks (no sleep). */
    private static void await(String what, OperatorClient op, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            op.listDevices();
        }
    }

    private void startDirect(SignalMap map) throws Exception {
        home = new HomeFixture(dir).start();
        device(home.device().signalMap(map));
    }

    @Test
    void appliedCarriesTheVersionTheDeviceNowHolds() throws Exception {
        startDirect(SimulatedBoard.signalMap());
        SimulatedBoard.on(device, 1);
        device.start();
        events.await("connected");
        try (OperatorClient op = home.operator()) {
            SetResult r = op.set(ID, "imp.led", "true", ANSWER);
            assertEquals(WriteOutcome.APPLIED, r.outcome(), r.toString());
            assertTrue(r.version() > 0, "a real version: " + r);
            assertEquals(r.version(), device.block("imp").snapshot().seq(), "the device holds that version");
            assertTrue(device.block("imp").signal("led").getBoolean());
            assertEquals("applied (version " + r.version() + ")", r.toString());
        }
    }

    @Test
    void aUserWithoutWriteRightIsRefusedAtOnceAndNothingChanges() throws Exception {
        startDirect(SimulatedBoard.signalMap());
        SimulatedBoard.on(device, 1);
        device.start();
        events.await("connected");
        try (OperatorClient alice = home.operator()) {
            assertEquals(WriteOutcome.APPLIED, alice.set(ID, "imp.led", "false", ANSWER).outcome(), "alice may write");
        }
        long before = device.block("imp").snapshot().seq();
        try (OperatorClient bob = OperatorClient.connect(home.operatorOptions().user("bob").password("bobpw").build())) {
            OperatorException e = assertThrows(OperatorException.class,
                    () -> bob.set(ID, "imp.led", "true", ANSWER));
            assertTrue(e.getMessage().contains("not authorized to write " + ID + ".imp"), e.getMessage());
            assertFalse(e.getMessage().contains("no answer"), "refused, not timed out: " + e.getMessage());
            // Refused, the operator's own view falls back to the server's: led stays off.
            assertEquals("false", bob.get(ID, "imp.led").valueText());
        }
        assertEquals(before, device.block("imp").snapshot().seq(), "bob's write never reached the device");
        assertFalse(device.block("imp").signal("led").getBoolean());
        try (OperatorClient alice = home.operator()) {
            assertEquals(WriteOutcome.APPLIED, alice.set(ID, "imp.led", "true", ANSWER).outcome());
        }
        assertTrue(device.block("imp").snapshot().seq() > before, "alice's second write reached the device");
        assertTrue(device.block("imp").signal("led").getBoolean());
    }

    @Test
    void theApplicationRefusesASetpointOutsideItsRangeAndNothingChanges() throws Exception {
        startDirect(SimulatedBoard.signalMap());
        SimulatedBoard.on(device, 1);
        device.start();
        events.await("connected");
        try (OperatorClient op = home.operator()) {
            SetResult ok = op.set(ID, "imp.setpoint", "22.5", ANSWER);
            assertEquals(WriteOutcome.APPLIED, ok.outcome(), ok.toString());
            SetResult refused = op.set(ID, "imp.setpoint", "40", ANSWER);
            assertEquals(WriteOutcome.REJECTED, refused.outcome(), refused.toString());
            assertEquals("rejected: setpoint 40.0 outside 5..35", refused.toString());
            assertEquals(22.5, device.block("imp").signal("setpoint").getDouble(), 1e-6, "the device kept 22.5");
            assertEquals(ok.version(), device.block("imp").snapshot().seq());
            // The server falls back to what the device holds, and so does the operator's view.
            await("the operator sees 22.5 again", op, () -> {
                try {
                    return op.get(ID, "imp.setpoint").valueText().equals("22.5");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            SetResult next = op.set(ID, "imp.led", "true", ANSWER);
            assertEquals(WriteOutcome.APPLIED, next.outcome(), "a later good write applies: " + next);
            assertEquals(22.5, device.block("imp").signal("setpoint").getDouble(), 1e-6);
        }
    }

    @Test
    void theSignalMapsMinAndMaxAreEnforcedByTheDevice() throws Exception {
        SignalMap map = SignalMap.parse("{\"mblk\":[{\"name\":\"exp\",\"groups\":[{\"name\":\"in\",\"signals\":["
                + "{\"name\":\"counter\",\"type\":\"uint\"}]}]},{\"name\":\"imp\",\"groups\":[{\"name\":\"out\","
                + "\"signals\":[{\"name\":\"level\",\"type\":\"int\",\"min\":-10,\"max\":100}]}]}]}", "test map");
        startDirect(map);
        device.start();
        events.await("connected");
        try (OperatorClient op = home.operator()) {
            assertEquals(WriteOutcome.APPLIED, op.set(ID, "imp.level", "100", ANSWER).outcome());
            assertEquals("rejected: level 150 is above its max 100", op.set(ID, "imp.level", "150", ANSWER).toString());
            assertEquals("rejected: level -11 is below its min -10", op.set(ID, "imp.level", "-11", ANSWER).toString());
            assertEquals(100, device.block("imp").signal("level").getLong());
        }
    }

    @Test
    void aWriteToAnOfflineDeviceIsPendingAndAppliedWhenItReconnects() throws Exception {
        startDirect(SimulatedBoard.signalMap());
        device.start();
        events.await("connected");
        try (OperatorClient op = home.operator()) {
            assertEquals(WriteOutcome.APPLIED, op.set(ID, "imp.setpoint", "21", ANSWER).outcome());
            long before = System.currentTimeMillis();
            device.close();
            await("the server sees the device offline", op, () -> {
                try {
                    return !op.listDevices().get(0).online();
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            SetResult pending = op.set(ID, "imp.setpoint", "23", ANSWER);
            assertEquals(WriteOutcome.PENDING, pending.outcome(), pending.toString());
            assertNotNull(pending.offlineSince(), "offline since a time: " + pending);
            assertTrue(pending.offlineSince().toEpochMilli() >= before - 1000, pending.toString());
            assertTrue(pending.toString().startsWith("pending: device offline since "), pending.toString());
            assertTrue(pending.toString().endsWith("(it gets the value when it reconnects)"), pending.toString());

            // A new run of the device (nothing persisted here): it gets the value the server kept.
            device(home.device());
            BlockingQueue<Double> applied = new LinkedBlockingQueue<>();
            device.block("imp").signal("setpoint").addListener((h, s) -> applied.add(s.getDouble(h.signal())));
            device.start();
            assertEquals(23.0, applied.poll(20, TimeUnit.SECONDS), "the device applies the kept value, nothing before");
        }
    }

    @Test
    void appliedAndRejectedThroughTheSwitchboxEndToEnd() throws Exception {
        relay = new RelayFixture(dir).startSwitchbox().startHome();
        device(HomeFixture.gina3().viaSwitchbox(relay.switchboxAddress(), relay.cloudTls()).tls(relay.homeTls()));
        SimulatedBoard.on(device, 1);
        device.start();
        events.await("connected");
        try (OperatorClient op = OperatorClient.connect(HomeFixture.alice().tls(relay.homeTls())
                .viaSwitchbox(relay.route()).build())) {
            SetResult ok = op.set(ID, "imp.setpoint", "30", ANSWER);
            assertEquals(WriteOutcome.APPLIED, ok.outcome(), ok.toString());
            assertEquals(ok.version(), device.block("imp").snapshot().seq());
            assertEquals("rejected: setpoint 4.0 outside 5..35", op.set(ID, "imp.setpoint", "4", ANSWER).toString());
            assertEquals(30.0, device.block("imp").signal("setpoint").getDouble(), 1e-6);
            device.close();
            SetResult pending = awaitPending(op);
            assertNotNull(pending.offlineSince(), pending.toString());
        }
    }

    /** Writes until the server has noticed the device is gone (its session may take a moment to end). */
    private static SetResult awaitPending(OperatorClient op) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        SetResult r;
        do {
            r = op.set(ID, "imp.led", "true", Duration.ofSeconds(2));
        } while (r.outcome() != WriteOutcome.PENDING || r.offlineSince() == null && System.nanoTime() < deadline);
        return r;
    }
}
