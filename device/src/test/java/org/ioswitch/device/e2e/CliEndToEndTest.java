package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.device.e2e.Cli.Result;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device CLI against the real home server: init, run --simulate, list, watch, get, set. */
class CliEndToEndTest {
    static final String ID = "gina3.pekkahome";
    @TempDir
    Path dir;
    HomeFixture home;
    CompletableFuture<Integer> running;

    @BeforeEach
    void setUp() throws Exception {
        home = new HomeFixture(dir.resolve("server")).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (running != null) {
            running.get(60, TimeUnit.SECONDS);
        }
        home.close();
    }

    private String[] operator(String... args) {
        return Cli.with(args, "--server", home.address(), "--user", "alice",
                "--password-file", Cli.passwordFile(dir, "alicepw"), "--trust", home.root.toString());
    }

    /**
     * Starts {@code device run --simulate} for 20 s and waits until the server sees the device online. The device
     * must outlive every command of the test: a watch waits for an offline device until its --count is reached, so a
     * device that ended early (6 s was too short on a loaded machine) left the watch, and the build, hanging.
     */
    private void startSimulatedDevice() throws Exception {
        Path d = dir.resolve("device");
        Result init = Cli.device("init", "--id", ID, "--server", home.address(),
                "--password-file", Cli.passwordFile(dir, "devpw"), "--trust", home.root.toString(), "--dir", d.toString());
        assertEquals(0, init.code(), init.err());
        running = CompletableFuture.supplyAsync(
                () -> Cli.device("run", "--dir", d.toString(), "--simulate", "--seconds", "20").code(),
                OwnThread.EXECUTOR);
        try (OperatorClient op = OperatorClient.connect(OperatorOptions.builder().server(home.address())
                .network("pekkahome").user("alice").password("alicepw").tls(home.clientTls()).build())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean online = false;
            while (!online && System.nanoTime() < deadline) {
                online = op.listDevices().stream().anyMatch(e -> e.deviceId().equals(ID) && e.online()
                        && e.blocks().stream().anyMatch(b -> b.name().equals("info")));
                if (!online) {
                    // Ask again only after the server answered something else: a ping-like round trip, no sleep.
                    op.listDevices();
                }
            }
            assertTrue(online, "device online within 10 s");
            op.signalMap(ID);
        }
    }

    @Test
    void getSetListAndWatchAgainstARunningSimulatedDevice() throws Exception {
        startSimulatedDevice();

        // No --network: the server serves one network and takes the hello as naming it.
        Result list = Cli.device(operator("list"));
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains(ID + "  online") && list.out().contains("exp.counter") && list.out().contains("imp.led"),
                list.out());

        Result get = Cli.device(operator("get", ID, "exp.temperature"));
        assertEquals(0, get.code(), get.err());
        assertTrue(get.out().strip().matches("-?[0-9.]+ ok"), get.out());

        Result set = Cli.device(operator("set", ID, "imp.led", "true"));
        assertEquals(0, set.code(), set.err());
        assertTrue(set.out().strip().matches("applied \\(version [0-9]+\\)"), set.out());

        Result watch = Cli.device(operator("watch", ID, "--count", "12", "--seconds", "30"));
        assertEquals(0, watch.code(), watch.err());
        List<String> lines = watch.out().lines().toList();
        assertEquals(12, lines.size(), watch.out());
        assertTrue(lines.stream().allMatch(l -> l.matches("(exp|imp)\\.\\w+ \\S+ \\w+")), watch.out());
        assertTrue(lines.contains("imp.led true ok"), watch.out());

        Result table = Cli.device(operator("watch", ID, "--table", "--count", "2", "--seconds", "30"));
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().startsWith("\u001b[H\u001b[2J" + ID) && table.out().contains("SIGNAL")
                && table.out().contains("exp.counter"), table.out());

        Result led = Cli.device(operator("get", ID, "led_state"));
        assertEquals("true ok", led.out().strip(), led.err());
    }

    @Test
    void setSaysAppliedRejectedOrPendingEachWithItsExitCode() throws Exception {
        startSimulatedDevice();
        Result applied = Cli.device(operator("set", ID, "imp.setpoint", "21.5", "--timeout", "20"));
        assertEquals(0, applied.code(), applied.err());
        assertTrue(applied.out().startsWith("applied (version "), applied.out());

        Result rejected = Cli.device(operator("set", ID, "imp.setpoint", "40", "--timeout", "20"));
        assertEquals(3, rejected.code(), rejected.out() + rejected.err());
        assertEquals("rejected: setpoint 40.0 outside 5..35", rejected.out().strip());

        assertEquals(0, running.get(30, TimeUnit.SECONDS), "the device run ended cleanly");
        Result pending = Cli.device(operator("set", ID, "imp.setpoint", "22", "--timeout", "20"));
        assertEquals(4, pending.code(), pending.out() + pending.err());
        assertTrue(pending.out().strip().matches("pending: device offline since \\d{4}-\\d\\d-\\d\\d "
                + "\\d\\d:\\d\\d:\\d\\d \\(it gets the value when it reconnects\\)"), pending.out());

        Result help = Cli.device("set", "--help");
        assertTrue(help.out().contains("Exit codes:") && help.out().contains("3   rejected")
                && help.out().contains("4   pending"), help.out());
    }

    @Test
    void badValueAndUnknownSignalAreOneLineFailures() throws Exception {
        startSimulatedDevice();
        Result bad = Cli.device(operator("set", ID, "imp.setpoint", "warm"));
        assertEquals(1, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("imp.setpoint") && bad.err().contains("warm"), bad.err());

        Result unknown = Cli.device(operator("get", ID, "exp.nothing"));
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("exp.nothing"), unknown.err());
    }

    @Test
    void wrongPasswordIsExit1WithTheServersReason() {
        Result r = Cli.device("get", ID, "exp.counter", "--server", home.address(), "--user", "alice",
                "--password-file", Cli.passwordFile(dir, "x"), "--trust", home.root.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("AUTH_FAILED"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void crlAndExpiryAreOptionsOfOperatorCommands() throws Exception {
        java.security.cert.X509Certificate serverCert = org.ioswitch.certs.pem.PemFiles
                .readCertificates(home.dir.resolve("server.crt")).get(0);
        Path revoked = dir.resolve("revoked.crl");
        org.ioswitch.certs.pem.PemFiles.writeCrl(revoked, home.ca.revoke(serverCert, null));
        Path empty = dir.resolve("empty.crl");
        org.ioswitch.certs.pem.PemFiles.writeCrl(empty, home.ca.emptyCrl());

        Result ok = Cli.device(operator("list", "--crl", empty.toString(), "--expiry", "warn"));
        assertEquals(0, ok.code(), ok.err());
        Result refused = Cli.device(operator("list", "--crl", revoked.toString()));
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("revoked"), refused.err());
        Result bad = Cli.device(operator("list", "--expiry", "sometimes"));
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("tls.expiry") && bad.err().contains("sometimes"), bad.err());
    }

    @Test
    void runWithoutSignalsOrSimulateNamesTheMissingSetting() throws Exception {
        Path d = dir.resolve("device");
        assertEquals(0, Cli.device("init", "--id", ID, "--server", home.address(), "--dir", d.toString()).code());
        Result r = Cli.device("run", "--dir", d.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("signals") && r.err().contains("--simulate"), r.err());
        assertTrue(Files.exists(d.resolve("config.json")));
    }
}
