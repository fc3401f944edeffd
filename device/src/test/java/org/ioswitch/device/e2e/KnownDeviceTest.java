package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.OfflineCause;
import org.ioswitch.common.wire.WriteOutcome;
import org.ioswitch.device.e2e.Cli.Result;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.SetResult;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.console.ConsoleClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices the server knows from its state directory are listed after a restart before they come back: offline, "not
 * seen since the server started", with their last-live time, route, board and last values (stale), in the operator
 * API, {@code device list}, {@code device get} and the console; a device account that never connected is listed
 * offline without values. Writes to such a device are pending and reach it when it is back.
 */
class KnownDeviceTest {
    static final String ID = HomeFixture.DEVICE_ID;
    static final String NOT_SEEN = OfflineCause.NOT_SEEN_SINCE_START.text();
    @TempDir
    Path dir;
    HomeFixture home;
    Device device;

    @BeforeEach
    void setUp() throws Exception {
        home = new HomeFixture(dir).startWithConsole();
        home.server.accounts().add(Account.create("pekkahome", "root", AccountKind.ADMIN, "rootpw".toCharArray()));
    }

    @AfterEach
    void tearDown() {
        if (device != null) {
            device.close();
        }
        home.close();
    }

    private String[] conn(String... args) {
        return Cli.with(args, "--server", home.address(), "--user", "alice", "--password-file",
                Cli.passwordFile(dir, "alicepw"), "--trust", home.root.toString());
    }

    private static JsonObject consoleEntry(ConsoleClient admin) throws Exception {
        ConsoleClient.Response r = admin.get("api/v1/devices");
        assertEquals(200, r.status(), r.body());
        for (JsonElement e : r.json().getAsJsonArray("devices")) {
            if (e.getAsJsonObject().get("id").getAsString().equals(ID)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError(ID + " not in the console's list: " + r.body());
    }

    @Test
    void aDeviceStoppedBeforeAServerRestartIsListedOfflineWithItsLastValuesAndGetsWritesWhenBack() throws Exception {
        device = home.startDeviceCounting(41);
        long stoppedAfter;
        try (OperatorClient op = home.operator()) {
            HomeFixture.awaitListed(op, e -> e.online() && e.blocks().stream().anyMatch(b -> b.name().equals("info")));
            ConsoleRig.await(() -> op.get(ID, "exp.counter"), v -> Long.valueOf(41).equals(v.value()));
            assertTrue(op.set(ID, "imp.led", "true", Duration.ofSeconds(20)).applied());
            stoppedAfter = System.currentTimeMillis();
            device.close(); // a clean stop
            device = null;
            HomeFixture.awaitListed(op, e -> !e.online());
        }
        long stoppedBefore = System.currentTimeMillis();
        home.stop();
        home.startWithConsole();

        try (OperatorClient op = home.operator()) {
            DeviceList.DeviceEntry e = HomeFixture.awaitListed(op, d -> true);
            DeviceStatus st = e.status();
            assertEquals(OfflineCause.NOT_SEEN_SINCE_START, st.cause(), e.toString());
            assertTrue(st.lastLiveMillis() >= stoppedAfter && st.lastLiveMillis() <= stoppedBefore,
                    "last live when it stopped: " + st);
            assertEquals(DeviceStatus.VIA_DIRECT, st.via());
            assertEquals(SimulatedBoard.BOARD_TYPE, st.boardType());
            assertEquals(List.of("exp UP", "imp DOWN", "info UP"), e.blocks().stream()
                    .map(b -> b.name() + " " + b.direction()).sorted().toList(), e.toString());

            SignalValue counter = op.get(ID, "exp.counter");
            assertEquals(41L, counter.value());
            assertTrue(counter.stale(), counter.toString());
            assertTrue(counter.toString().matches("41 stale \\d+s \\(device gone: " + NOT_SEEN + "\\)"),
                    counter.toString());
            assertEquals(OfflineCause.NOT_SEEN_SINCE_START, op.deviceStatus(ID).orElseThrow().cause());
            SignalValue led = op.get(ID, "imp.led");
            assertTrue(led.toString().startsWith("true stale"), led.toString());
            SignalValue setpoint = op.get(ID, "imp.setpoint");
            assertEquals("unset", setpoint.toString(), "nobody wrote it");

            SetResult pending = op.set(ID, "imp.setpoint", "21", Duration.ofSeconds(20));
            assertEquals(WriteOutcome.PENDING, pending.outcome(), pending.toString());
        }

        Result list = Cli.device(conn("list", "--network", "pekkahome"));
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().matches("(?s)" + ID.replace(".", "\\.") + "  offline since \\d{4}-\\d\\d-\\d\\d "
                + "\\d\\d:\\d\\d:\\d\\d \\(\\d+s ago: " + NOT_SEEN + "\\), was connected directly, board simulator\n"
                + ".*"), list.out());
        assertTrue(list.out().contains("  exp.counter              uint\n")
                && list.out().contains("  imp.led                  boolean\n"), "its signals, from its kept map: " + list.out());
        Result get = Cli.device(conn("get", ID, "exp.counter"));
        assertEquals(0, get.code(), get.err());
        assertTrue(get.out().strip().matches("41 stale \\d+s \\(device gone: " + NOT_SEEN + "\\)"), get.out());

        ConsoleClient admin = new ConsoleClient(home.consoleUri(), home.root);
        assertEquals(200, admin.login("root", "rootpw").status());
        JsonObject entry = consoleEntry(admin);
        assertTrue(!entry.get("online").getAsBoolean(), entry.toString());
        assertEquals(NOT_SEEN, entry.get("offlineCause").getAsString(), entry.toString());
        assertTrue(!entry.get("lastSeen").getAsString().isEmpty(), entry.toString());
        assertEquals("simulator", entry.get("boardType").getAsString(), entry.toString());
        JsonObject detail = admin.get("api/v1/devices/" + ID).json();
        JsonObject counter = ConsoleEndToEndTest.signal(detail, "exp", "counter");
        assertEquals("41", counter.get("value").getAsString(), detail.toString());
        assertEquals("stale", counter.get("state").getAsString(), detail.toString());
        assertEquals("stale", ConsoleEndToEndTest.signal(detail, "imp", "led").get("state").getAsString());

        device = home.startDeviceCounting(41);
        try (OperatorClient op = home.operator()) {
            HomeFixture.awaitListed(op, d -> d.online() && d.status().cause() == OfflineCause.NONE);
            SignalValue sp = op.get(ID, "imp.setpoint");
            assertEquals(21.0, (Double) sp.value(), 1e-6, sp.toString());
            assertEquals("ok", sp.stateText());
        }
        ConsoleRig.await(() -> device.block("imp").snapshot().getDouble(
                SimulatedBoard.signalMap().block("imp").signal("setpoint")), v -> v == 21.0); // the pending write
    }

    @Test
    void aDeviceOnlineWhenTheServerStopsIsListedAfterTheRestartWithItsLastValues() throws Exception {
        device = home.startDeviceCounting(41);
        try (OperatorClient op = home.operator()) {
            HomeFixture.awaitListed(op, HomeFixture.READY);
            ConsoleRig.await(() -> op.get(ID, "exp.counter"), v -> Long.valueOf(41).equals(v.value()));
        }
        long stoppedAfter = System.currentTimeMillis();
        home.stop(); // the session ends with the server: what it saves then is what the restart shows
        long stoppedBefore = System.currentTimeMillis();
        device.close();
        device = null;
        home.startWithConsole();
        try (OperatorClient op = home.operator()) {
            DeviceList.DeviceEntry e = HomeFixture.awaitListed(op, d -> true);
            assertEquals(OfflineCause.NOT_SEEN_SINCE_START, e.status().cause(), e.toString());
            assertTrue(e.status().lastLiveMillis() >= stoppedAfter && e.status().lastLiveMillis() <= stoppedBefore,
                    "last live when the server stopped: " + e);
            SignalValue counter = op.get(ID, "exp.counter");
            assertTrue(counter.toString().matches("41 stale \\d+s \\(device gone: " + NOT_SEEN + "\\)"),
                    counter.toString());
        }
    }

    @Test
    void aDeviceAccountThatNeverConnectedIsListedOfflineWithoutValues() throws Exception {
        try (OperatorClient op = home.operator()) {
            DeviceList.DeviceEntry e = HomeFixture.awaitListed(op, d -> true);
            assertTrue(!e.online() && e.blocks().isEmpty(), e.toString());
            assertEquals(OfflineCause.NOT_SEEN_SINCE_START, e.status().cause());
            assertEquals(0, e.status().lastLiveMillis());
        }
        Result list = Cli.device(conn("list", "--network", "pekkahome"));
        assertEquals(ID + "  offline (" + NOT_SEEN + ")\n", list.out(), list.err());
        Result get = Cli.device(conn("get", ID, "exp.counter"));
        assertEquals(1, get.code(), get.out());
        assertTrue(get.err().contains(ID + " has not connected since the server started"), get.err());
        ConsoleClient admin = new ConsoleClient(home.consoleUri(), home.root);
        assertEquals(200, admin.login("root", "rootpw").status());
        assertEquals(NOT_SEEN, consoleEntry(admin).get("offlineCause").getAsString());
    }
}
