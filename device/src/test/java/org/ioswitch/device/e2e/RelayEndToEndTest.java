package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ioswitch.device.testing.SignalValues.awaitValue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.common.testing.Await;
import org.ioswitch.common.testing.LogLines;
import org.ioswitch.common.testing.MovableClock;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.link.RefusedException;
import org.ioswitch.device.connect.Switchbox;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.device.testing.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Devices and operator clients reaching the real home server through the real switchbox, end to end. */
class RelayEndToEndTest {
    static final String ID = "gina3.pekkahome";
    @TempDir
    Path dir;
    RelayFixture relay;
    Device device;
    SimulatedBoard board;
    private final RecordingListener events = new RecordingListener();

    @AfterEach
    void tearDown() {
        if (board != null) {
            board.close();
        }
        if (device != null) {
            device.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private RelayFixture started() throws Exception {
        relay = new RelayFixture(dir).startSwitchbox().startHome();
        return relay;
    }

    private Device startDevice(boolean viaSwitchbox) throws Exception {
        Device.Builder b = Device.builder().id(ID).tls(relay.homeTls()).signalMap(SimulatedBoard.signalMap())
                .password("devpw").boardType(SimulatedBoard.BOARD_TYPE)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400));
        device = (viaSwitchbox ? b.viaSwitchbox(relay.switchboxAddress(), relay.cloudTls())
                : b.server(relay.homeAddress())).build();
        board = new SimulatedBoard(device.block("exp"), device.block("imp"), 7);
        device.addListener(events);
        device.start();
        return device;
    }

    private OperatorOptions.Builder operatorOptions() {
        return OperatorOptions.builder().network("pekkahome").user("alice").password("alicepw").tls(relay.homeTls())
                .viaSwitchbox(relay.route());
    }

    private OperatorClient operator() throws Exception {
        return OperatorClient.connect(operatorOptions().build());
    }

    /** The next connection event: "connected SERVER", or "failed REASON", "disconnected REASON". */
    private String nextEvent() throws InterruptedException {
        RecordingListener.Event e = events.next();
        return e.kind() == RecordingListener.Kind.CONNECTED ? "connected " + e.server() : e.line();
    }

    /** The next "connected" event, skipping refusals while the uplink comes back. */
    private String awaitConnected() throws InterruptedException {
        String e;
        do {
            e = nextEvent();
        } while (e.startsWith("failed") || e.startsWith("disconnected"));
        return e;
    }

    /** Values flow, {@code set led} reaches the device, and its confirmation reaches the operator. */
    private void valuesAndLedRoundTrip() throws Exception {
        try (OperatorClient watcher = operator(); OperatorClient writer = operator()) {
            List<DeviceList.DeviceEntry> devices = watcher.listDevices();
            assertEquals(ID, devices.get(0).deviceId());
            assertTrue(devices.get(0).online());
            BlockingQueue<SignalValue> values = new LinkedBlockingQueue<>();
            watcher.subscribe(ID, values::add);
            assertNotNull(awaitValue(values, "exp.counter", v -> (Long) v.value() > 2 && v.stateText().equals("ok")),
                    "the counter ticks at the watcher");
            CountDownLatch applied = new CountDownLatch(1);
            device.block("imp").signal("led").addListener((h, s) -> applied.countDown());
            assertTrue(writer.set(ID, "imp.led", "true").applied());
            assertTrue(applied.await(10, TimeUnit.SECONDS), "the device applied imp.led");
            assertNotNull(awaitValue(values, "exp.led_state", v -> Boolean.TRUE.equals(v.value())),
                    "exp.led_state became true at the watcher");
        }
    }

    @Test
    void deviceAndOperatorThroughTheSwitchboxEndToEnd() throws Exception {
        started();
        startDevice(true);
        assertEquals("connected " + relay.switchboxAddress(), awaitConnected());
        board.start();
        valuesAndLedRoundTrip();
        String relayed = relay.tapped();
        assertTrue(relayed.length() > 1000, "the switchbox relayed the sessions");
        for (String secret : List.of("devpw", "alicepw", "led_state", "gina3")) {
            assertFalse(relayed.contains(secret), "the switchbox saw only ciphertext, yet found " + secret);
        }
    }

    @Test
    void directDeviceAndOperatorThroughTheSwitchbox() throws Exception {
        started();
        startDevice(false);
        assertEquals("connected " + relay.homeAddress(), awaitConnected());
        board.start();
        valuesAndLedRoundTrip();
    }

    @Test
    void switchboxRestartUplinkAndClientsReconnectAndValuesConverge() throws Exception {
        started();
        startDevice(true);
        awaitConnected();
        board.step();
        try (OperatorClient op = operator()) {
            assertTrue(op.set(ID, "imp.led", "true").applied());
            relay.stopSwitchbox();
            assertTrue(op.closed().get(10, TimeUnit.SECONDS) != null, "the operator's session ended with the relay");
        }
        assertTrue(awaitEvent("disconnected"), "the device lost its relayed session");
        board.step();
        board.step();
        relay.startSwitchbox();
        relay.awaitPublished();
        assertEquals("connected " + relay.switchboxAddress(), awaitConnected());
        assertConverged(3, true);
    }

    @Test
    void homeServerRestartClientsReconnectAndValuesConverge() throws Exception {
        started();
        startDevice(true);
        awaitConnected();
        board.step();
        try (OperatorClient op = operator()) {
            assertTrue(op.set(ID, "imp.led", "true").applied());
        }
        relay.stopHome();
        assertTrue(awaitEvent("disconnected"), "the device lost its relayed session");
        board.step();
        board.step();
        relay.startHome();
        assertEquals("connected " + relay.switchboxAddress(), awaitConnected());
        // The restarted server lost the image it had in memory; the device offers the one it holds (newer), and the
        // server adopts it instead of pushing zeros down: the led stays on.
        assertConverged(3, true);
    }

    private boolean awaitEvent(String prefix) throws InterruptedException {
        for (String e = nextEvent(); ; e = nextEvent()) {
            if (e.startsWith(prefix)) {
                return true;
            }
        }
    }

    /**
     * A fresh relayed operator sees the device's current counter, and server and device agree on every signal of
     * {@code exp} and {@code imp}; {@code led} is what {@code imp.led} must be.
     */
    private void assertConverged(long counter, boolean led) throws Exception {
        try (OperatorClient op = operator()) {
            BlockingQueue<SignalValue> values = new LinkedBlockingQueue<>();
            op.subscribe(ID, values::add);
            assertNotNull(awaitValue(values, "exp.counter", v -> (Long) v.value() == counter),
                    "the changes made during the outage arrived after the reconnect");
            assertNotNull(awaitValue(values, "exp.led_state", v -> Boolean.valueOf(led).equals(v.value())),
                    "exp.led_state follows imp.led");
            SignalMap map = op.signalMap(ID);
            for (String block : List.of("exp", "imp")) {
                for (Signal s : map.block(block).signals()) {
                    SignalValue server = op.get(ID, block + "." + s.name());
                    SignalValue local = SignalValue.of(ID, block, s, device.block(block).snapshot());
                    assertEquals(local.toString(), server.toString(), block + "." + s.name() + " equal on both sides");
                }
            }
            assertEquals(led, op.get(ID, "imp.led").value());
        }
    }

    @Test
    void unknownNetworkIsRefusedWithTheSwitchboxReason() throws Exception {
        started();
        RefusedException e = assertThrows(RefusedException.class,
                () -> OperatorClient.connect(operatorOptions().network("nosuchhome").build()));
        assertEquals(CloseCode.UNKNOWN_NETWORK, e.code());
        assertTrue(e.getMessage().contains("switchbox " + relay.switchboxAddress() + " refused network nosuchhome")
                && e.getMessage().contains("not published"), e.getMessage());
    }

    @Test
    void operatorWithAnotherHomeRootIsRefusedByTheInnerTls() throws Exception {
        started();
        TestOrg impostor = TestOrg.create("pekkahome", dir.resolve("other-pekkahome-root.crt"));
        IOException e = assertThrows(IOException.class, () -> OperatorClient.connect(operatorOptions()
                .tls(impostor.trusting().build()).build()));
        assertTrue(e.getMessage().contains("pekkahome via switchbox") && e.getMessage().contains("end-to-end TLS"),
                e.getMessage());
        assertFalse(relay.tapped().contains("alicepw"), "no password went out");
    }

    @Test
    void switchboxFromAnotherCloudRootIsRefusedByTheOuterTls() throws Exception {
        started();
        IOException e = assertThrows(IOException.class, () -> OperatorClient.connect(operatorOptions()
                .viaSwitchbox(Switchbox.of(relay.switchboxAddress(), relay.homeTls())).build()));
        assertTrue(e.getMessage().contains(relay.switchboxAddress()) && e.getMessage().contains("TLS handshake failed"),
                e.getMessage());
    }

    @Test
    void relayClearIsRefusedByAHomeServerThatDoesNotAllowIt() throws Exception {
        started();
        IOException e = assertThrows(IOException.class, () -> OperatorClient.connect(operatorOptions()
                .viaSwitchbox(relay.route().withRelayClear(true)).build()));
        assertTrue(e.getMessage().contains("during hello") && e.getMessage().contains("RELAY_CLEAR"), e.getMessage());
    }

    @Test
    void relayClearRefusalsFromOneAddressAreThreeLinesAndASummary() throws Exception {
        MovableClock clock = new MovableClock();
        relay = new RelayFixture(dir).homeClock(clock).startSwitchbox().startHome();
        String refused = " via switchbox: refused: relaying in the clear (RELAY_CLEAR) is not allowed on this server";
        int flood = 6;
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < flood; i++) {
                assertThrows(IOException.class, () -> OperatorClient.connect(operatorOptions()
                        .viaSwitchbox(relay.route().withRelayClear(true)).build()));
            }
            Await.until(Duration.ofSeconds(20), "the home server refused all " + flood,
                    () -> log.containing(refused).size() == PeerLog.DEFAULT_LINES_PER_WINDOW);
            clock.advance(Duration.ofSeconds(61));
            assertThrows(IOException.class, () -> OperatorClient.connect(operatorOptions()
                    .viaSwitchbox(relay.route().withRelayClear(true)).build()));
            String summary = "… and " + (flood - PeerLog.DEFAULT_LINES_PER_WINDOW)
                    + " more from 127.0.0.1 in the last minute";
            Await.until(Duration.ofSeconds(20), "a summary, then the refusal after the window: "
                    + log.containing("127.0.0.1"), () -> log.containing(summary).size() == 1
                    && log.containing(refused).size() == PeerLog.DEFAULT_LINES_PER_WINDOW + 1);
        }
        try (OperatorClient op = operator()) {
            assertEquals(ID, op.listDevices().get(0).deviceId(), "end to end, the same address still gets in");
        }
    }

    @Test
    void relayClearWorksWhenTheHomeServerAllowsIt() throws Exception {
        relay = new RelayFixture(dir).allowClearRelay(true).startSwitchbox().startHome();
        startDevice(false);
        awaitConnected();
        // No home root at all: RELAY_CLEAR trusts the switchbox hop only.
        try (OperatorClient op = OperatorClient.connect(operatorOptions().tls(TlsOptions.builder().build())
                .viaSwitchbox(relay.route().withRelayClear(true)).build())) {
            assertEquals(ID, op.listDevices().get(0).deviceId());
        }
        assertTrue(relay.tapped().contains("alice"), "in the clear, the switchbox sees the session");
    }
}
