package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.WriteOutcome;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.operator.SetResult;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts on a relayed path: the device reaches its home server only through the switchbox; the switchbox restarts
 * with operator writes before, during (the device is away: pending) and after, and then the switchbox and the home
 * server restart together while the device is killed. Device, server and operator end on the last accepted write and
 * the device never applied an older image.
 */
class RelayRestartTest {
    static final String ID = "gina3.pekkahome";
    static final Duration ANSWER = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    RelayFixture relay;
    Device device;
    final List<Snapshot> applied = new CopyOnWriteArrayList<>();
    final ConnectionEvents events = new ConnectionEvents();

    @BeforeEach
    void setUp() throws Exception {
        relay = new RelayFixture(dir).startSwitchbox().startHome();
    }

    @AfterEach
    void tearDown() {
        if (device != null) {
            device.close();
        }
        relay.close();
    }

    private void startDevice() throws Exception {
        device = Device.builder().id(ID).viaSwitchbox(relay.switchboxAddress(), relay.cloudTls()).tls(relay.homeTls())
                .signalMap(SimulatedBoard.signalMap()).password("devpw")
                .stateDir(Files.createDirectories(dir.resolve("device"))).boardType(SimulatedBoard.BOARD_TYPE)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(300)).build();
        device.block("imp").addListener((b, previous, current) -> applied.add(current));
        device.addListener(events);
        device.start();
    }

    /** An operator on the home server directly (it works while the switchbox is down). */
    private OperatorClient direct() throws Exception {
        return OperatorClient.connect(OperatorOptions.builder().server(relay.homeAddress()).network("pekkahome")
                .user("alice").password("alicepw").tls(relay.homeTls()).build());
    }

    private static Signal signal(String name) {
        return SimulatedBoard.signalMap().block("imp").signal(name);
    }

    /** Device, server and an operator through the switchbox agree, once the device holds the server's version. */
    private void assertAgree(boolean led, double setpoint) throws Exception {
        try (OperatorClient op = OperatorClient.connect(OperatorOptions.builder().network("pekkahome").user("alice")
                .password("alicepw").tls(relay.homeTls()).viaSwitchbox(relay.route()).build())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                Snapshot held = device.block("imp").snapshot();
                long serverVersion = relay.server.registry().network("pekkahome").block(ID, "imp").orElseThrow()
                        .version();
                SignalValue sp = op.get(ID, "imp.setpoint");
                SignalValue l = op.get(ID, "imp.led");
                if (held.seq() == serverVersion && held.getBoolean(signal("led")) == led
                        && held.getDouble(signal("setpoint")) == setpoint && Boolean.valueOf(led).equals(l.value())
                        && Double.valueOf(setpoint).equals(sp.value()) && sp.stateText().equals("ok")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no agreement within 30 s: device version " + held.seq() + ", server "
                            + serverVersion + ", operator " + l + " / " + sp);
                }
                op.listDevices(); // one round trip between looks, no sleep
            }
            DeviceStatus st = op.deviceStatus(ID).orElseThrow();
            assertEquals(DeviceStatus.VIA_SWITCHBOX, st.via(), "the server knows the device came through the switchbox");
            assertEquals(SimulatedBoard.BOARD_TYPE, st.boardType());
        }
        long last = 0;
        for (Snapshot s : applied) {
            assertTrue(s.seq() > last, "an older or equal version was applied again: " + applied);
            last = s.seq();
        }
    }

    @Test
    void switchboxRestartWithWritesBeforeDuringAndAfter() throws Exception {
        startDevice();
        events.await("connected");
        try (OperatorClient op = direct()) {
            assertTrue(op.set(ID, "imp.setpoint", "20", ANSWER).applied(), "before");
            relay.stopSwitchbox();
            events.await("disconnected");
            SetResult during = awaitPending(op, "21");
            assertEquals(WriteOutcome.PENDING, during.outcome(), during.toString());
            relay.startSwitchbox();
            relay.awaitPublished();
            events.await("connected");
            assertAgree(false, 21);
            assertTrue(op.set(ID, "imp.led", "true", ANSWER).applied(), "after");
        }
        assertAgree(true, 21);
        assertEquals(List.of(20.0, 21.0, 21.0),
                applied.stream().map(s -> s.getDouble(signal("setpoint"))).toList(), "each write applied once");
    }

    @Test
    void switchboxAndHomeServerRestartTogetherWhileTheDeviceIsKilled() throws Exception {
        startDevice();
        events.await("connected");
        try (OperatorClient op = direct()) {
            assertTrue(op.set(ID, "imp.led", "true", ANSWER).applied());
            assertTrue(op.set(ID, "imp.setpoint", "33", ANSWER).applied());
        }
        device.kill();
        relay.stopHome();
        relay.stopSwitchbox();
        relay.startSwitchbox();
        relay.startHome();
        try (OperatorClient op = direct()) {
            SetResult away = op.set(ID, "imp.setpoint", "34", ANSWER);
            assertEquals(WriteOutcome.PENDING, away.outcome(), "the device is away: " + away);
        }
        startDevice();
        events.await("connected");
        assertAgree(true, 34);
    }

    /** The server may still count the device online for a moment after the switchbox went: write until pending. */
    private static SetResult awaitPending(OperatorClient op, String setpoint) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        SetResult r;
        do {
            r = op.set(ID, "imp.setpoint", setpoint, Duration.ofSeconds(2));
        } while (r.offlineSince() == null && System.nanoTime() < deadline);
        return r;
    }
}
