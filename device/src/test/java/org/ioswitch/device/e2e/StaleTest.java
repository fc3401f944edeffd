package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.OfflineCause;
import org.ioswitch.device.e2e.Cli.Result;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.device.testing.SignalValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stale is visible, with cause and age: the server marks a device's values not live the moment its session ends and
 * tells every subscriber why (keepalive timeout for a silent device, network error for one cut off without a close
 * frame, closed by the device for a clean stop) and since when; a reconnect clears it; a value nobody wrote is unset.
 */
class StaleTest {
    static final String ID = HomeFixture.DEVICE_ID;
    @TempDir
    Path dir;
    HomeFixture home;
    FreezableProxy proxy;
    Device device;

    @BeforeEach
    void setUp() throws Exception {
        home = new HomeFixture(dir);
        // The server pings every 300 ms and drops a peer silent for 2 s: the keepalive bound of these tests.
        home.link = LinkOptions.defaults().withKeepalive(Duration.ofMillis(300), Duration.ofSeconds(2));
        home.start();
        proxy = new FreezableProxy(home.server.address().getPort());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (device != null) {
            device.close();
        }
        proxy.close();
        home.close();
    }

    private Device startDevice(String server) throws Exception {
        device = HomeFixture.gina3().server(server).tls(home.clientTls()).build(); // directly or through the proxy
        SimulatedBoard.on(device, 3).step();
        device.start();
        return device;
    }

    /** Subscribes to the device once it is ready and returns its values, the counter already seen live. */
    private static BlockingQueue<SignalValue> liveValues(OperatorClient op) throws Exception {
        HomeFixture.awaitListed(op, HomeFixture.READY);
        BlockingQueue<SignalValue> values = new LinkedBlockingQueue<>();
        op.subscribe(ID, values::add);
        assertNotNull(SignalValues.awaitValue(values, "exp.counter", v -> v.stateText().equals("ok")), "live first");
        return values;
    }

    @Test
    void aSilentDeviceIsStaleWithinTheKeepaliveBoundAndAReconnectClearsIt() throws Exception {
        startDevice(proxy.address());
        try (OperatorClient op = home.operator()) {
            BlockingQueue<SignalValue> values = liveValues(op);
            long frozenAt = System.currentTimeMillis();
            proxy.freeze();
            SignalValue stale = SignalValues.awaitValue(values, "exp.counter", SignalValue::stale);
            assertNotNull(stale, "the counter turns stale");
            assertTrue(stale.stateText().matches("stale \\d+s \\(device gone: keepalive timeout\\)"), stale.toString());
            assertEquals("1 " + stale.stateText(), stale.toString());
            DeviceStatus st = op.deviceStatus(ID).orElseThrow();
            assertEquals(OfflineCause.KEEPALIVE_TIMEOUT, st.cause());
            assertTrue(st.lastLiveMillis() >= frozenAt - 2_000 && st.lastLiveMillis() <= System.currentTimeMillis(),
                    "last live around the freeze: " + st);
            assertEquals(SimulatedBoard.BOARD_TYPE, st.boardType());
            assertEquals(DeviceStatus.VIA_DIRECT, st.via());

            proxy.cut(); // the device notices at last and reconnects through the proxy, which passes bytes again
            proxy.close();
            device.close();
            device = null;
            startDevice(home.address());
            SignalValue live = SignalValues.awaitValue(values, "exp.counter", v -> v.stateText().equals("ok"));
            assertNotNull(live, "a reconnect clears stale");
            assertTrue(op.deviceStatus(ID).orElseThrow().online());
        }
    }

    @Test
    void aDeviceCutOffWithoutACloseFrameIsStaleAtOnceAsANetworkError() throws Exception {
        startDevice(proxy.address());
        try (OperatorClient op = home.operator()) {
            BlockingQueue<SignalValue> values = liveValues(op);
            device.close(); // first stop reconnecting, then cut what is left of the connection: the server sees a reset
            device = null;
            SignalValue stale = SignalValues.awaitValue(values, "exp.counter", SignalValue::stale);
            assertNotNull(stale);
            assertTrue(stale.stateText().endsWith("(device gone: closed by the device)"), stale.toString());
        }
    }

    @Test
    void aServerThatShutsDownTellsItsOperatorsWhyTheirDevicesWent() throws Exception {
        startDevice(home.address());
        try (OperatorClient op = home.operator()) {
            BlockingQueue<SignalValue> values = liveValues(op);
            home.stop(); // devices' sessions end first, then the operators' own links
            SignalValue stale = SignalValues.awaitValue(values, "exp.counter", SignalValue::stale);
            assertNotNull(stale, "the counter turns stale");
            assertTrue(stale.stateText().matches("stale \\d+s \\(device gone: server shutting down\\)"),
                    stale.toString());
            assertEquals(OfflineCause.SERVER_SHUTDOWN, op.deviceStatus(ID).orElseThrow().cause());
        }
    }

    @Test
    void aResetConnectionReadsNetworkError() throws Exception {
        startDevice(proxy.address());
        try (OperatorClient op = home.operator()) {
            HomeFixture.awaitListed(op, HomeFixture.READY);
            op.get(ID, "exp.counter");
            proxy.cut();
            DeviceList.DeviceEntry e = HomeFixture.awaitListed(op, d -> !d.online());
            assertEquals(OfflineCause.NETWORK_ERROR, e.status().cause(), e.toString());
        }
    }

    @Test
    void aDeviceWhoseAccountIsRemovedOnTheServerReadsDeviceReset() throws Exception {
        startDevice(home.address());
        try (OperatorClient op = home.operator()) {
            BlockingQueue<SignalValue> values = liveValues(op);
            // The admin resets the device on the server (as after `device reset` on the board, before it pairs anew):
            // the CLI edits accounts.json, the running server ends the session it no longer accepts.
            Result removed = Cli.server("accounts", "remove", "gina3", "--network", "pekkahome", "--dir",
                    dir.toString());
            assertEquals(0, removed.code(), removed.err());
            SignalValue stale = SignalValues.awaitValue(values, "exp.counter", SignalValue::stale);
            assertNotNull(stale, "the counter turns stale");
            assertTrue(stale.stateText().matches("stale \\d+s \\(device gone: device reset\\)"), stale.toString());
            assertEquals(OfflineCause.DEVICE_RESET, op.deviceStatus(ID).orElseThrow().cause());
            DeviceList.DeviceEntry e = HomeFixture.awaitListed(op, d -> !d.online());
            assertEquals(OfflineCause.DEVICE_RESET, e.status().cause(), e.toString());
        }
        String[] conn = {"--server", home.address(), "--user", "alice", "--password", "alicepw", "--trust",
            home.root.toString()};
        Result get = Cli.device(Cli.with(new String[] {"get", ID, "exp.counter"}, conn));
        assertTrue(get.out().strip().matches("1 stale \\d+s \\(device gone: device reset\\)"), get.out() + get.err());
    }

    @Test
    void cliShowsStaleWithCauseUnsetAndTheDeviceListLine() throws Exception {
        startDevice(home.address());
        try (OperatorClient op = home.operator()) {
            HomeFixture.awaitListed(op, HomeFixture.READY);
        }
        String[] conn = {"--server", home.address(), "--user", "alice", "--password", "alicepw", "--trust",
            home.root.toString()};
        Result unset = Cli.device(Cli.with(new String[] {"get", ID, "imp.setpoint"}, conn));
        assertEquals("unset", unset.out().strip(), unset.err());
        Result online = Cli.device(Cli.with(new String[] {"list", "--network", "pekkahome"}, conn));
        assertTrue(online.out().contains(ID + "  online, directly, board simulator"), online.out() + online.err());

        device.close();
        device = null;
        try (OperatorClient op = home.operator()) {
            HomeFixture.awaitListed(op, d -> !d.online());
        }
        Result get = Cli.device(Cli.with(new String[] {"get", ID, "exp.counter"}, conn));
        assertTrue(get.out().strip().matches("1 stale \\d+s \\(device gone: closed by the device\\)"), get.out());
        Result list = Cli.device(Cli.with(new String[] {"list", "--network", "pekkahome"}, conn));
        assertTrue(list.out().matches("(?s).*" + ID.replace(".", "\\.") + "  offline since \\d{4}-\\d\\d-\\d\\d "
                + "\\d\\d:\\d\\d:\\d\\d \\(\\d+s ago: closed by the device\\), was connected directly, board simulator.*"),
                list.out());
    }
}
