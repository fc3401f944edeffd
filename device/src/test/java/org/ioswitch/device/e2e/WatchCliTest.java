package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.device.e2e.Cli.Result;
import org.ioswitch.device.runtime.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code device watch} waits for a device that is not online yet, and names a device the server never sees. */
class WatchCliTest {
    static final String ID = HomeFixture.DEVICE_ID;
    @TempDir
    Path dir;
    HomeFixture home;
    Device device;

    /** A writer that opens {@link #seen} once what has been written to it passes a test. */
    static final class Watching extends StringWriter {
        final CountDownLatch seen = new CountDownLatch(1);
        private final java.util.function.Predicate<String> test;

        Watching(java.util.function.Predicate<String> test) {
            this.test = test;
        }

        /** Opens once {@code text} has been written. */
        static Watching forText(String text) {
            return new Watching(written -> written.contains(text));
        }

        /** Opens once {@code n} lines have been written. */
        static Watching forLines(long n) {
            return new Watching(written -> written.lines().count() >= n);
        }

        @Override
        public void flush() {
            if (test.test(toString())) {
                seen.countDown();
            }
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        home = new HomeFixture(dir).start();
    }

    @AfterEach
    void tearDown() {
        if (device != null) {
            device.close();
        }
        home.close();
    }

    private Result run(StringWriter out, StringWriter err, String... args) {
        return Cli.device(out, err, Cli.with(args, "--server", home.address(), "--user", "alice", "--password-file",
                Cli.passwordFile(dir, "alicepw"), "--trust", home.root.toString()));
    }

    @Test
    void watchWaitsForADeviceThatComesOnlineLaterAndPrintsItsValues() throws Exception {
        StringWriter out = new StringWriter();
        Watching err = Watching.forText("waiting for " + ID + " to come online");
        CompletableFuture<Result> watch = CompletableFuture.supplyAsync(
                () -> run(out, err, "watch", ID, "--count", "3", "--wait", "20"), OwnThread.EXECUTOR);
        assertTrue(err.seen.await(10, TimeUnit.SECONDS), "the watch says it waits: " + err);
        assertTrue(!watch.isDone(), "and keeps waiting: " + (watch.isDone() ? watch.get() : ""));

        device = home.startDeviceCounting(41);

        Result r = watch.get(20, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.stream().allMatch(l -> l.matches("(exp|imp)\\.\\w+ \\S+ \\w+")), r.out());
        assertTrue(r.err().contains("watch: connected via " + home.address()), r.err());

        Result table = run(new StringWriter(), new StringWriter(), "watch", ID, "--table", "--count", "1");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains(ID + "\nconnected via " + home.address() + "\nSIGNAL"),
                "the table's status line: " + table.out());
    }

    @Test
    void watchShowsTheValuesOfADeviceThatStopsStaleWithTheCause() throws Exception {
        device = home.startDeviceCounting(41);
        Watching out = Watching.forLines(6); // every signal of exp and imp once
        CompletableFuture<Result> watch = CompletableFuture.supplyAsync(
                () -> run(out, new StringWriter(), "watch", ID, "--seconds", "15"), OwnThread.EXECUTOR);
        assertTrue(out.seen.await(15, TimeUnit.SECONDS), "the watch shows the live values: " + out);
        device.close(); // a clean stop: the server tells the watch at once
        device = null;
        Result r = watch.get(30, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("exp\\.counter 41 ok")), r.out());
        assertTrue(r.out().lines().anyMatch(
                l -> l.matches("exp\\.counter 41 stale \\d+s \\(device gone: closed by the device\\)")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("imp\\.setpoint - unset")), r.out());

        // A later watch of the offline device shows its last values at once, stale, in its table.
        Result table = run(new StringWriter(), new StringWriter(), "watch", ID, "--table", "--count", "1",
                "--seconds", "15");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().matches("(?s).*\\nSIGNAL +VALUE +STATE\\n.*\\nexp\\.counter +41 +stale \\d+s "
                + "\\(device gone: closed by the device\\)\\n.*"), table.out());
    }

    @Test
    void watchOfADeviceTheServerNeverSeesFailsNamingIt() {
        Result r = run(new StringWriter(), new StringWriter(), "watch", "nobody7.pekkahome", "--wait", "1");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("nobody7.pekkahome") && r.err().contains("not known")
                && r.err().contains("--wait 1 s"), r.err());
    }
}
