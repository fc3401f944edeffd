package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.device.e2e.Cli.Result;
import org.ioswitch.device.state.DeviceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pairing flow as a user types it: server pairing open, device init and run, server devices and approve. */
class PairingCliTest {
    private static final Pattern DEVICE_CODE = Pattern.compile("pairing code (\\d{3})-(\\d{3}), waiting for approval");
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
            running.get(45, TimeUnit.SECONDS);
        }
        home.close();
    }

    @Test
    void aNewBoardIsPairedFromTheCommandLine() throws Exception {
        String serverDir = home.dir.toString();
        Path d = dir.resolve("device");
        Result open = Cli.server("pairing", "open", "--minutes", "10", "--dir", serverDir);
        assertEquals(0, open.code(), open.err());
        assertEquals(0, Cli.device("init", "--id", "gina*.pekkahome", "--server", home.address(),
                "--dir", d.toString()).code());
        StringWriter deviceOut = new StringWriter();
        running = CompletableFuture.supplyAsync(() -> Cli.device(deviceOut, new StringWriter(), "run", "--dir",
                d.toString(), "--simulate", "--seconds", "20").code(), OwnThread.EXECUTOR);

        // Each round trip to the running server paces the loop; no sleep.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Matcher shown = DEVICE_CODE.matcher(deviceOut.toString());
        boolean found = shown.find();
        while (!found && System.nanoTime() < deadline) {
            Cli.server("devices", "--dir", serverDir);
            shown = DEVICE_CODE.matcher(deviceOut.toString());
            found = shown.find();
        }
        assertTrue(found, "the device shows its code within 10 s: " + deviceOut);
        String code = shown.group(1) + shown.group(2);
        Result listed = Cli.server("devices", "--dir", serverDir);
        assertTrue(listed.out().contains("gina*.pekkahome") && !listed.out().contains(shown.group(1) + "-"
                + shown.group(2)), "the admin sees the pending board, never the server's code: " + listed.out());

        Result wrong = Cli.server("approve", "gina", "--code", code.equals("000000") ? "000001" : "000000", "--dir",
                serverDir);
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().startsWith("server approve: wrong pairing code for gina"), wrong.err());

        Result approve = Cli.server("approve", "gina", "--code", code, "--dir", serverDir);
        assertEquals(0, approve.code(), approve.err());
        assertEquals("approved gina4.pekkahome", approve.out().strip());
        while (System.nanoTime() < deadline && !Files.exists(d.resolve(DeviceState.STATE))) {
            Cli.server("devices", "--dir", serverDir);
        }
        assertEquals("gina4.pekkahome", DeviceState.bare(d).assignedId().orElseThrow());
        assertTrue(Cli.server("devices", "--dir", serverDir).out().contains("gina4.pekkahome"));
        assertEquals(0, running.get(45, TimeUnit.SECONDS));
        assertTrue(Files.readString(home.dir.resolve("audit.log")).contains("action=approve target=gina result=ok"));
    }
}
