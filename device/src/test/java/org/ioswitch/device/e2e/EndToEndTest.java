package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ioswitch.device.testing.SignalValues.awaitValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorException;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.device.testing.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device, real home server and operator client together over TLS on loopback. */
class EndToEndTest {
    static final String ID = "gina3.pekkahome";
    @TempDir
    Path dir;
    HomeFixture home;
    Device device;
    SimulatedBoard board;
    private final RecordingListener events = new RecordingListener();

    @BeforeEach
    void setUp() throws Exception {
        home = new HomeFixture(dir).start();
    }

    @AfterEach
    void tearDown() {
        if (board != null) {
            board.close();
        }
        if (device != null) {
            device.close();
        }
        home.close();
    }

    private Device startDevice(String password) throws Exception {
        device = Device.builder().id(ID).server(home.address()).tls(home.clientTls())
                .signalMap(SimulatedBoard.signalMap()).password(password).boardType(SimulatedBoard.BOARD_TYPE)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400)).build();
        board = new SimulatedBoard(device.block("exp"), device.block("imp"), 7);
        device.addListener(events);
        device.start();
        return device;
    }

    private OperatorClient operator(String user, String password) throws Exception {
        return OperatorClient.connect(OperatorOptions.builder().server(home.address()).network("pekkahome").user(user)
                .password(password).tls(home.clientTls()).build());
    }

    /** The next connection event: "connected" (without identity), or "failed REASON", "disconnected REASON". */
    private String nextEvent() throws InterruptedException {
        RecordingListener.Event e = events.next();
        return e.kind() == RecordingListener.Kind.CONNECTED ? "connected" : e.line();
    }

    @Test
    void valuesArriveAndSetLedIsAppliedAndSeenByTheWatcher() throws Exception {
        startDevice("devpw");
        assertEquals("connected", nextEvent());
        board.start();
        try (OperatorClient watcher = operator("alice", "alicepw");
             OperatorClient writer = operator("alice", "alicepw")) {
            List<DeviceList.DeviceEntry> devices = watcher.listDevices();
            assertEquals(ID, devices.get(0).deviceId());
            assertTrue(devices.get(0).online());
            assertEquals(SimulatedBoard.signalMap(), watcher.signalMap(ID));

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
            assertEquals("true ok", writer.get(ID, "led_state").toString());
        }
    }

    @Test
    void serverRestartDeviceReconnectsAndBothSidesAgree() throws Exception {
        startDevice("devpw");
        assertEquals("connected", nextEvent());
        for (int i = 0; i < 5; i++) {
            board.step();
        }
        try (OperatorClient op = operator("alice", "alicepw")) {
            BlockingQueue<SignalValue> values = new LinkedBlockingQueue<>();
            op.subscribe(ID, values::add);
            assertNotNull(awaitValue(values, "exp.counter", v -> (Long) v.value() == 5));
            assertTrue(op.set(ID, "imp.setpoint", "22.5").applied());
        }
        home.stop();
        assertTrue(nextEvent().startsWith("disconnected"));
        for (int i = 0; i < 3; i++) {
            board.step();
        }
        home.start();
        String e;
        do {
            e = nextEvent();
        } while (e.startsWith("failed"));
        assertEquals("connected", e);
        try (OperatorClient op = operator("alice", "alicepw")) {
            BlockingQueue<SignalValue> values = new LinkedBlockingQueue<>();
            op.subscribe(ID, values::add);
            assertNotNull(awaitValue(values, "exp.counter", v -> (Long) v.value() == 8),
                    "the change made while the server was down arrived after the reconnect");
            SignalMap map = op.signalMap(ID);
            for (String block : List.of("exp", "imp")) {
                for (Signal s : map.block(block).signals()) {
                    SignalValue server = op.get(ID, block + "." + s.name());
                    SignalValue local = SignalValue.of(ID, block, s, device.block(block).snapshot());
                    assertEquals(local.toString(), server.toString(), block + "." + s.name() + " equal on both sides");
                }
            }
        }
    }

    @Test
    void wrongPasswordIsLoggedWithItsReasonAndRetriedWithBackoff() throws Exception {
        startDevice("nope");
        String first = nextEvent();
        assertTrue(first.startsWith("failed") && first.contains("AUTH_FAILED"), first);
        String second = nextEvent();
        assertTrue(second.startsWith("failed") && second.contains("AUTH_FAILED"), second);
    }

    @Test
    void userWithoutWriteRightIsRefusedAndNothingChanges() throws Exception {
        startDevice("devpw");
        assertEquals("connected", nextEvent());
        try (OperatorClient bob = operator("bob", "bobpw")) {
            OperatorException e = assertThrows(OperatorException.class, () -> bob.set(ID, "imp.led", "true"));
            assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
            assertEquals(false, device.block("imp").signals().getBoolean("led"));
            OperatorException bad = assertThrows(OperatorException.class, () -> bob.set(ID, "imp.led", "maybe"));
            assertTrue(bad.getMessage().contains("imp.led") && bad.getMessage().contains("maybe"), bad.getMessage());
            OperatorException up = assertThrows(OperatorException.class, () -> bob.set(ID, "exp.counter", "1"));
            assertTrue(up.getMessage().contains("DOWN"), up.getMessage());
            OperatorException none = assertThrows(OperatorException.class, () -> bob.get("nobody1.pekkahome", "x"));
            assertTrue(none.getMessage().contains("nobody1.pekkahome"), none.getMessage());
        }
    }

    @Test
    void wrongOperatorPasswordIsRefusedWithReason() {
        Exception e = assertThrows(Exception.class, () -> operator("alice", "wrong"));
        assertTrue(e.getMessage().contains("AUTH_FAILED"), e.getMessage());
    }

    @Test
    void operatorAuthenticatesWithAClientCertificate() throws Exception {
        TlsOptions tls = home.org.client(dir, "alice", "alice").options().trust(home.root).build();
        try (OperatorClient op = OperatorClient.connect(OperatorOptions.builder().server(home.address())
                .network("pekkahome").user("alice").tls(tls).build())) {
            assertEquals("alice", op.identity());
        }
        IssuedPem mallory = home.org.client(dir, "mallory", "mallory");
        TlsOptions other = tls.toBuilder().certificate(mallory.certificate()).privateKey(mallory.privateKey()).build();
        Exception e = assertThrows(Exception.class, () -> OperatorClient.connect(OperatorOptions.builder()
                .server(home.address()).network("pekkahome").user("alice").tls(other).build()));
        assertTrue(e.getMessage().contains("AUTH_FAILED"), e.getMessage());
    }

    private TlsOptions clientCertificate(String name) throws Exception {
        return home.org.client(dir, name, name).options().trust(home.root).build();
    }

    private Device certificateDevice(TlsOptions tls) throws Exception {
        device = Device.builder().id(ID).server(home.address()).tls(tls).signalMap(SimulatedBoard.signalMap())
                .certificateLogin().backoff(Duration.ofMillis(100), Duration.ofMillis(400)).build();
        device.addListener(events);
        device.start();
        return device;
    }

    @Test
    void deviceAuthenticatesWithAClientCertificateNamingItsAccount() throws Exception {
        certificateDevice(clientCertificate("gina3"));
        assertEquals("connected " + ID, events.next().line());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (home.server.registry().network("pekkahome").block(ID, "exp").isEmpty()
                && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertTrue(home.server.registry().network("pekkahome").block(ID, "exp").isPresent(),
                "the server holds the certificate-authenticated device's exp within 10 s");
    }

    @Test
    void deviceWhoseCertificateNamesAnotherAccountIsRefused() throws Exception {
        certificateDevice(clientCertificate("mallory"));
        String e = nextEvent();
        assertTrue(e.startsWith("failed") && e.contains("AUTH_FAILED"), e);
    }

    @Test
    void certificateLoginWithoutACertificateIsASettingsError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.builder().id(ID)
                .server(home.address()).tls(home.clientTls()).signalMap(SimulatedBoard.signalMap())
                .certificateLogin().build());
        assertTrue(e.getMessage().contains("needs a client certificate"), e.getMessage());
    }
}
