package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.common.tls.ExpiryPolicy;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.pairing.TrustStore;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.device.state.DeviceState;
import org.ioswitch.device.testing.RecordingListener;
import org.ioswitch.server.admin.AdminClient;
import org.ioswitch.server.admin.AdminException;
import org.ioswitch.server.session.TlsRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new device pairs with the real home server over TLS on loopback; the admin uses the admin channel. */
class PairingEndToEndTest {
    static final String NEW_ID = "gina*.pekkahome";
    @TempDir
    Path serverDir;
    @TempDir
    Path deviceDir;
    @TempDir
    Path rogueDir;
    HomeFixture home;
    Device device;
    private final RecordingListener events = new RecordingListener();

    @BeforeEach
    void setUp() throws Exception {
        home = new HomeFixture(serverDir).start();
    }

    @AfterEach
    void tearDown() {
        if (device != null) {
            device.close();
        }
        home.close();
    }

    /** A device with no trust material, only its state directory and the server's address. */
    private Device startNewDevice(String address) throws Exception {
        device = Device.builder().id(NEW_ID).server(address).tls(TlsOptions.builder().expiry(ExpiryPolicy.WARN).build())
                .signalMap(SimulatedBoard.signalMap()).stateDir(deviceDir).boardType("pi4")
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400)).build();
        device.addListener(events);
        device.start();
        return device;
    }

    /** The text of the next event whose line starts with {@code prefix} ("code ", "connected ", "failed "). */
    private String next(String prefix) throws InterruptedException {
        return events.next(e -> e.line().startsWith(prefix), "\"" + prefix + "\"").line().substring(prefix.length());
    }

    private JsonObject admin(String command, Object... namesAndValues) throws Exception {
        return AdminClient.call(serverDir, command, namesAndValues);
    }

    /** The pending device's entry as {@code server devices} lists it: never with the server's code. */
    private JsonObject listedPending() throws Exception {
        JsonObject p = admin("devices").getAsJsonArray("pending").get(0).getAsJsonObject();
        assertFalse(p.has("code"), "the admin types what the board shows, never copies the server's code: " + p);
        return p;
    }

    /** Pairs a new device end to end and returns the id it got (gina3 is provisioned by hand, so numbers start at 4). */
    private String pair() throws Exception {
        startNewDevice(home.address());
        String code = next("code ");
        assertEquals("gina*.pekkahome", listedPending().get("requestedId").getAsString());
        admin("approve", "name", "gina", "code", code); // the code the board shows is the server's too
        return next("connected ");
    }

    @Test
    void newDeviceGetsTheTrustBundleAndIsLetInOnApprovalWithItsNumber() throws Exception {
        admin("pairing-open", "minutes", 10);
        assertEquals("gina4.pekkahome", pair());
        assertTrue(device.connected());
        assertEquals("gina4.pekkahome", device.id());
        assertEquals("gina4.pekkahome", DeviceState.bare(deviceDir).assignedId().orElseThrow(), "the number is kept");
        assertEquals(home.ca.certificate(), new TrustStore(deviceDir).load().get(0));

        // The next start uses the kept number and the stored trust, verified, without pairing.
        device.close();
        device = null;
        startNewDevice(home.address());
        assertEquals("gina4.pekkahome", next("connected "));
    }

    @Test
    void closedPairingIsRefusedWithTheReasonAndTheDeviceRetries() throws Exception {
        startNewDevice(home.address());
        String reason = next("failed ");
        assertTrue(reason.contains("PAIRING_CLOSED (pairing is closed on pekkahome: an admin opens it with "
                + "'ioswitch server pairing open')"), reason);
        assertFalse(Files.exists(deviceDir.resolve(TrustStore.FILE_NAME)));
        admin("pairing-open", "minutes", 10);
        next("code ");
        assertEquals("gina*.pekkahome", listedPending().get("requestedId").getAsString(),
                "the retry after opening reaches the pending list");
    }

    @Test
    void pairedDeviceRefusesARogueServerOfAnotherOrganization() throws Exception {
        admin("pairing-open", "minutes", 10);
        pair();
        device.close();
        device = null;
        try (HomeFixture rogue = new HomeFixture(rogueDir).start()) {
            AdminClient.call(rogueDir, open());
            startNewDevice(rogue.address());
            String reason = next("failed ");
            assertTrue(reason.contains("TLS handshake failed: signature of O=pekkahome,CN=localhost does not verify "
                    + "with the key of O=pekkahome,CN=pekkahome root"), reason);
            assertEquals(home.ca.certificate(), new TrustStore(deviceDir).load().get(0), "the stored trust stays");
            assertEquals(0, AdminClient.call(rogueDir, devices()).getAsJsonArray("pending").size(),
                    "the secret never reached the rogue server");
        }
    }

    @Test
    void aManInTheMiddleShowsTheDeviceAnotherCodeThanTheServer() throws Exception {
        admin("pairing-open", "minutes", 10);
        try (TlsRelay relay = TlsRelay.start(Integer.parseInt(home.address().split(":")[1]), home.org)) {
            startNewDevice("127.0.0.1:" + relay.port());
            String deviceCode = next("code ");
            // Two TLS sessions, two codes: the code the board shows does not approve the session the server sees.
            listedPending();
            AdminException wrong = assertThrows(AdminException.class,
                    () -> admin("approve", "name", "gina", "code", deviceCode));
            assertTrue(wrong.getMessage().contains("wrong pairing code"), wrong.getMessage());
            assertTrue(new TrustStore(deviceDir).exists(), "the relay's certificate chains to the bundle it passed on");
        }
    }

    @Test
    void aServerThatDoesNotChainToTheBundleItSendsIsNotPairedWith() throws Exception {
        admin("pairing-open", "minutes", 10);
        try (TlsRelay relay = TlsRelay.start(port())) {
            startNewDevice("127.0.0.1:" + relay.port());
            String reason = next("failed ");
            assertTrue(reason.contains("not pairing with it, its certificate fails the check against the trust bundle "
                    + "it sent: certificate O=mitm,CN=localhost is not trusted"), reason);
            assertFalse(new TrustStore(deviceDir).exists(), "nothing stored");
            assertEquals(0, admin("devices").getAsJsonArray("pending").size(), "the secret was never sent");
        }
    }

    @Test
    void aServerWhoseCertificateNamesAnotherHostIsNotPairedWith() throws Exception {
        admin("pairing-open", "minutes", 10);
        try (TlsRelay relay = TlsRelay.start(port(), home.org, "elsewhere.pekkahome")) {
            startNewDevice("127.0.0.1:" + relay.port());
            String reason = next("failed ");
            assertTrue(reason.contains("not pairing with it, its certificate fails the check against the trust bundle "
                    + "it sent: host name \"127.0.0.1\" does not match"), reason);
            assertFalse(new TrustStore(deviceDir).exists(), "nothing stored");
        }
    }

    private int port() {
        return Integer.parseInt(home.address().split(":")[1]);
    }

    @Test
    void resetForgetsTrustSecretAndNumberAndTheDevicePairsAgainAsANewOne() throws Exception {
        admin("pairing-open", "minutes", 10);
        assertEquals("gina4.pekkahome", pair());
        device.close();
        device = null;
        Files.writeString(deviceDir.resolve(DeviceState.CONFIG), "{}");

        StringWriter err = new StringWriter();
        assertEquals(1, run(new StringWriter(), err, "reset", "--dir", deviceDir.toString()));
        assertTrue(err.toString().contains("reset asks for confirmation and there is no terminal: add --yes"),
                err.toString());
        assertTrue(Files.exists(deviceDir.resolve(TrustStore.FILE_NAME)), "nothing removed without confirmation");

        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "reset", "--dir", deviceDir.toString(), "--yes"));
        assertTrue(out.toString().contains("the next run pairs again"), out.toString());
        for (String f : new String[] {TrustStore.FILE_NAME, DeviceState.SECRET, DeviceState.STATE}) {
            assertFalse(Files.exists(deviceDir.resolve(f)), f + " is gone");
        }
        assertEquals("gina5.pekkahome", pair(), "a new secret is a new device with a new number");
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Cli.device(out, err, args).code();
    }

    private static JsonObject open() {
        JsonObject r = new JsonObject();
        r.addProperty("command", "pairing-open");
        r.addProperty("minutes", 10);
        return r;
    }

    private static JsonObject devices() {
        JsonObject r = new JsonObject();
        r.addProperty("command", "devices");
        return r;
    }
}
