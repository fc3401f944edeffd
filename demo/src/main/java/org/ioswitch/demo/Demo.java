package org.ioswitch.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.common.wire.WriteOutcome;
import org.ioswitch.device.operator.SetResult;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.device.connect.Hop;
import org.ioswitch.common.tls.PairingCode;

/**
 * The demo's story, step by step, each against a deadline; prints one line per step, the TLS facts of every hop,
 * then live values until the time is up. Succeeds only if every step worked.
 */
final class Demo {
    /** Each step gets this long; on a loaded 2-core machine a step takes about a second. */
    private static final Duration STEP = Duration.ofSeconds(45);
    private static final int STEPS = 7;

    private final DemoOptions options;
    private final PrintWriter out;
    private final long started = System.nanoTime();
    private int step;

    Demo(DemoOptions options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the demo; true when every step worked. */
    boolean run() throws IOException {
        boolean temporary = options.dir() == null;
        Path dir = temporary ? Files.createTempDirectory("ioswitch-demo-") : options.dir().toAbsolutePath();
        Files.createDirectories(dir);
        // Read by the demo's tinylog.properties: every log line goes to this file, the screen stays for the story.
        System.setProperty("ioswitch.demo.log", dir.resolve("demo.log").toString());
        say("ioswitch demo: everything runs in this process on 127.0.0.1; files in " + dir
                + (temporary ? " (removed at the end)" : "") + ", log in " + dir.resolve("demo.log"));
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread hook = Threads.onShutdown("ioswitch-demo stop", interrupted::countDown);
        boolean ok = false;
        try (Rig rig = new Rig(dir)) {
            ok = story(rig, interrupted);
        } catch (Exception e) {
            say("FAILED: " + e.getMessage());
            org.tinylog.Logger.error(e, "demo failed");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down (Ctrl-C): the hook has done its job
            }
            if (temporary) {
                deleteTree(dir);
            }
        }
        say(ok ? "demo ok: every step worked" : "demo FAILED (see the log above" + (temporary ? ")" : " and "
                + dir.resolve("demo.log") + ")"));
        return ok;
    }

    private boolean story(Rig rig, CountDownLatch interrupted) throws Exception {
        begin("organizations");
        rig.setUp();
        done("pekkahome (home, root " + rig.homeRoot().getFileName() + ") and iocafe (cloud, root "
                + rig.cloudRoot().getFileName() + ")");

        begin("switchbox");
        rig.startSwitchbox();
        done("org iocafe, listening on 127.0.0.1:" + rig.switchbox.port() + " TLS");

        begin("home server");
        rig.startHomeServer();
        done("network pekkahome on 127.0.0.1:" + rig.home.address().getPort()
                + ", published through the switchbox");
        say("      web console " + rig.home.console().orElseThrow().url() + " while the demo runs: log in as "
                + rig.adminLogin() + " (the browser does not know the demo's root " + rig.homeRoot()
                + ": accept its warning)");

        begin("device pairs");
        CompletableFuture<String> code = new CompletableFuture<>();
        CompletableFuture<List<Hop>> deviceHops = rig.startDevice(code::complete);
        String shown = code.get(STEP.toSeconds(), TimeUnit.SECONDS);
        List<Hop> hops = deviceHops.get(STEP.toSeconds(), TimeUnit.SECONDS);
        done("gina*.pekkahome paired through the switchbox (end-to-end TLS with the home server), showed pairing "
                + "code " + PairingCode.display(shown) + ", auto-approved, is now " + rig.device.id());

        begin("remote operator");
        rig.connectOperator();
        done("user operator through the switchbox, end-to-end TLS with the home server");

        LiveValues live = new LiveValues(out, rig.device.id());
        rig.operator.subscribe(rig.device.id(), live::update);
        live.awaitValues(STEP);

        begin("led");
        long t0 = System.nanoTime();
        SetResult led = rig.operator.set(rig.device.id(), "imp.led", "true", STEP);
        if (!led.applied()) {
            throw new IOException("the device did not apply imp.led true: " + led);
        }
        live.awaitValue("exp.led_state", "true", STEP);
        done("operator set imp.led true: " + led + " by the device; exp.led_state true after "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");

        begin("setpoint out of range");
        SetResult refused = rig.operator.set(rig.device.id(), "imp.setpoint", "40", STEP);
        if (refused.outcome() != WriteOutcome.REJECTED) {
            throw new IOException("the device should refuse imp.setpoint 40, got: " + refused);
        }
        done("operator set imp.setpoint 40: " + refused);

        say("hops (TLS facts as each client saw them):");
        for (Hop h : hops) {
            say("  device " + rig.device.id() + " -> " + h);
        }
        say("  home server -> switchbox (uplink tunnel): "
                + rig.home.uplink().orElseThrow().tunnelFacts().map(f -> f.describe()).orElse("?"));
        for (Hop h : rig.operator.hops()) {
            say("  operator -> " + h);
        }

        say("live values of " + rig.device.id() + " as the remote operator sees them"
                + (options.duration() == null ? " (Ctrl-C to stop):" : ":"));
        live.show(remaining(), interrupted);
        return true;
    }

    /** Time left of the run, or a very long time when it runs until interrupted. */
    private Duration remaining() {
        if (options.duration() == null) {
            return Duration.ofDays(365);
        }
        Duration left = options.duration().minusNanos(System.nanoTime() - started);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void begin(String what) {
        step++;
        out.printf("[%d/%d] %-17s ", step, STEPS, what);
        out.flush();
    }

    private void done(String what) {
        out.println("ok  " + what);
        out.flush();
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("demo: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
