package org.ioswitch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.device.cli.DeviceCommand;

/**
 * {@code device-footprint}: a simulated device started by the installed launcher ({@code bin/ioswitch device run
 * --simulate}) against the real home server of this process, side by side with (a) the shipped settings
 * ({@code jvm/device.options}), (b) the JVM's defaults ({@code IOSWITCH_JAVA_OPTS=""}), (c) an idle hello-world JVM
 * with the shipped settings (the floor). Per configuration: start to authenticated (process start to the log line
 * {@code authenticated to}; for (c) to its "hello"), then, after a settle time, RSS and threads from /proc and the
 * live heap ({@code jcmd GC.run}, then {@code GC.heap_info}). Rounds are interleaved; medians are reported. One more run of (a) logs
 * every class the device loads and names any from the server, the switchbox, the certificate tooling or the demo.
 */
final class DeviceFootprintBench {
    static final long TARGET_RSS_KIB = 48 * 1024;
    static final Duration TARGET_START = Duration.ofMillis(1000);
    /** Packages a device must never load (DESIGN §2: its closure is common + BouncyCastle + tinylog). */
    static final List<String> FORBIDDEN = List.of("org.ioswitch.server.", "org.ioswitch.switchbox.",
            "org.ioswitch.certs.", "org.ioswitch.demo.");
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final Path install;
    private final int rounds;
    private final Duration settle;
    private final PrintStream out;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    /** The launcher's cache for this run (its class-data-sharing archive), made before the rounds. */
    private Path cache;

    /** {@code install}: a directory with bin/ioswitch, lib/ and jvm/ (an unpacked tarball, or /usr/share/ioswitch). */
    DeviceFootprintBench(Path install, int rounds, Duration settle, PrintStream out) {
        this.install = install;
        this.rounds = rounds;
        this.settle = settle;
        this.out = out;
    }

    /** One measurement of one configuration. */
    record Sample(double startMillis, long rssKib, int threads, long heapUsedKib) {
    }

    /** The three configurations: how to start each and which line marks it ready. */
    enum Config {
        SHIPPED("(a) shipped settings", "authenticated to "),
        DEFAULTS("(b) JVM defaults", "authenticated to "),
        IDLE("(c) idle hello world, shipped settings", "hello");

        final String label;
        final String readyLine;

        Config(String label, String readyLine) {
            this.label = label;
            this.readyLine = readyLine;
        }
    }

    void run() throws Exception {
        long start = System.nanoTime();
        Machine.header(out, "device-footprint");
        List<String> shipped = shippedOptions();
        out.println("install: " + install + "; shipped options (jvm/device.options): " + String.join(" ", shipped)
                + "; the launcher adds MALLOC_ARENA_MAX=2 and its class-data-sharing archive");
        out.println("rounds: " + rounds + ", settle " + settle.toSeconds() + " s after ready before measuring");
        Map<Config, List<Sample>> samples = new TreeMap<>();
        for (Config c : Config.values()) {
            samples.put(c, new ArrayList<>());
        }
        cache = Files.createTempDirectory("ioswitch-footprint-cache");
        try (HomeRig rig = new HomeRig()) {
            Path deviceDir = Files.createTempDirectory("ioswitch-footprint-device");
            try {
                makeArchive();
                int init = DeviceCommand.commandLine().execute("init", "--id", HomeRig.DEVICE_ID, "--server",
                        rig.address(), "--password", HomeRig.DEVICE_PASSWORD, "--trust", rig.trustRoot().toString(),
                        "--dir", deviceDir.toString());
                if (init != 0) {
                    throw new IOException("device init failed with exit code " + init);
                }
                Config[] order = Config.values();
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < order.length; i++) {
                        Config c = order[(i + r) % order.length];
                        Sample s = measure(c, deviceDir, shipped, null);
                        samples.get(c).add(s);
                        out.printf("  round %d %-40s start %6.0f ms  RSS %6.1f MiB  threads %3d  live heap %5.1f MiB%n",
                                r + 1, c.label, s.startMillis(), s.rssKib() / 1024.0, s.threads(),
                                s.heapUsedKib() / 1024.0);
                    }
                }
                report(samples);
                classes(deviceDir, shipped);
            } finally {
                Pki.deleteTree(deviceDir);
                Pki.deleteTree(cache);
            }
        }
        Machine.footer(out, "device-footprint", start);
    }

    /** The launcher's reading of jvm/device.options: one option per line, blank lines and # comments skipped. */
    List<String> shippedOptions() throws IOException {
        Path file = install.resolve("jvm/device.options");
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " not found: --install must name an unpacked ioswitch tarball (or "
                    + "/usr/share/ioswitch); build one with mvn -B -ntp package (dist/target/ioswitch-VERSION.tar.gz)");
        }
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** The first start of an installed device makes its class-data-sharing archive; the rounds measure the others. */
    private void makeArchive() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(install.resolve("bin/ioswitch").toString(), "device", "--help")
                .redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("IOSWITCH_JAVA_OPTS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        long t0 = System.nanoTime();
        Process p = pb.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("first start (device --help) failed: " + said);
        }
        out.printf("first start made the class-data-sharing archive in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                said.lines().filter(l -> l.startsWith("ioswitch:")).toList());
    }

    private ProcessBuilder command(Config c, Path deviceDir, List<String> shipped) {
        ProcessBuilder pb;
        if (c == Config.IDLE) {
            List<String> cmd = new ArrayList<>();
            cmd.add(java.toString());
            cmd.addAll(shipped);
            cmd.addAll(List.of("-cp", IdleJvm.class.getProtectionDomain().getCodeSource().getLocation().getPath(),
                    IdleJvm.class.getName()));
            pb = new ProcessBuilder(cmd);
            pb.environment().put("MALLOC_ARENA_MAX", "2"); // as the launcher sets it beside the shipped options
        } else {
            pb = new ProcessBuilder(install.resolve("bin/ioswitch").toString(), "device", "run", "--dir",
                    deviceDir.toString(), "--simulate");
            pb.environment().remove("MALLOC_ARENA_MAX");
            pb.environment().put("XDG_CACHE_HOME", cache.toString());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home")); // the runtime of this run, for all
            if (c == Config.DEFAULTS) {
                pb.environment().put("IOSWITCH_JAVA_OPTS", ""); // set but empty: no options at all
            } else {
                pb.environment().remove("IOSWITCH_JAVA_OPTS");
            }
        }
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        return pb.redirectErrorStream(true);
    }

    /** Starts {@code c}, times it to its ready line, lets it settle, measures, and stops it with SIGTERM. */
    private Sample measure(Config c, Path deviceDir, List<String> shipped, String jdkJavaOptions) throws Exception {
        ProcessBuilder pb = command(c, deviceDir, shipped);
        if (jdkJavaOptions != null) {
            pb.environment().put("JDK_JAVA_OPTIONS", jdkJavaOptions);
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            BlockingQueue<String> lines = lines(p);
            long deadline = t0 + START_DEADLINE.toNanos();
            List<String> seen = new ArrayList<>();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IOException(c.label + ": no '" + c.readyLine.strip() + "' within "
                            + START_DEADLINE.toSeconds() + " s; it said: " + seen);
                }
                seen.add(line);
                if (line.contains(c.readyLine)) {
                    break;
                }
            }
            double startMillis = (System.nanoTime() - t0) / 1e6;
            if (p.waitFor(settle.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(c.label + ": ended with exit code " + p.exitValue() + "; it said: " + seen);
            }
            Map<String, String> status = procStatus(p.pid());
            long rss = Long.parseLong(status.get("VmRSS").replace("kB", "").strip());
            int threads = Integer.parseInt(status.get("Threads").strip());
            // After /proc: jcmd attaches, which starts a thread and allocates in the target.
            long heap = heapUsedKib(p.pid());
            return new Sample(startMillis, rss, threads, heap);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Threads.platform("footprint-child-output", () -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process ended: nothing more to read
            }
        });
        return lines;
    }

    private static Map<String, String> procStatus(long pid) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                m.put(l.substring(0, colon), l.substring(colon + 1).strip());
            }
        }
        return m;
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /**
     * The live heap: a full GC ({@code jcmd PID GC.run}), then the sum of "used NK" over the heap's lines of {@code
     * jcmd PID GC.heap_info} (Metaspace lines left out).
     */
    private long heapUsedKib(long pid) throws Exception {
        jcmd(pid, "GC.run");
        String text = jcmd(pid, "GC.heap_info");
        long used = 0;
        for (String l : text.lines().toList()) {
            if (l.contains("Metaspace") || l.contains("class space")) {
                continue;
            }
            Matcher m = USED.matcher(l);
            if (m.find() && !l.startsWith("   ")) { // generation totals, not their eden/from/to lines
                used += Long.parseLong(m.group(1));
            }
        }
        return used;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + text);
        }
        return text;
    }

    private void report(Map<Config, List<Sample>> samples) {
        Sample a = median(samples.get(Config.SHIPPED));
        Sample b = median(samples.get(Config.DEFAULTS));
        Sample c = median(samples.get(Config.IDLE));
        out.println();
        out.println("| configuration | start to authenticated | RSS | threads | live heap (after a full GC) |");
        out.println("|---|---|---|---|---|");
        for (Config cfg : Config.values()) {
            Sample s = median(samples.get(cfg));
            out.printf("| %s | %.0f ms%s | %.1f MiB | %d | %.1f MiB |%n", cfg.label, s.startMillis(),
                    cfg == Config.IDLE ? " (to main)" : "", s.rssKib() / 1024.0, s.threads(), s.heapUsedKib() / 1024.0);
        }
        out.printf("ratios (a)/(b): RSS %.2fx, threads %.2fx, heap %.2fx, start %.2fx%n", ratio(a.rssKib(), b.rssKib()),
                ratio(a.threads(), b.threads()), ratio(a.heapUsedKib(), b.heapUsedKib()),
                a.startMillis() / b.startMillis());
        out.printf("ratios (a)/(c): RSS %.2fx (%.1f MiB above the floor), threads %.2fx%n", ratio(a.rssKib(), c.rssKib()),
                (a.rssKib() - c.rssKib()) / 1024.0, ratio(a.threads(), c.threads()));
        out.printf("target RSS <= %d MiB: %s (%.1f MiB); target start <= %d ms: %s (%.0f ms)%n",
                TARGET_RSS_KIB / 1024, a.rssKib() <= TARGET_RSS_KIB ? "met" : "NOT met", a.rssKib() / 1024.0,
                TARGET_START.toMillis(), a.startMillis() <= TARGET_START.toMillis() ? "met" : "NOT met",
                a.startMillis());
    }

    private static double ratio(double x, double y) {
        return y == 0 ? Double.NaN : x / y;
    }

    /** Per field median over the rounds (each field on its own). */
    static Sample median(List<Sample> s) {
        return new Sample(Stats.median(s.stream().map(Sample::startMillis).toList()),
                (long) Stats.median(s.stream().map(x -> (double) x.rssKib()).toList()),
                (int) Stats.median(s.stream().map(x -> (double) x.threads()).toList()),
                (long) Stats.median(s.stream().map(x -> (double) x.heapUsedKib()).toList()));
    }

    /** One more run of (a) with class loading logged: how many classes from where, and none a device must not load. */
    private void classes(Path deviceDir, List<String> shipped) throws Exception {
        Path log = Files.createTempFile("ioswitch-footprint-classes", ".log");
        try {
            measure(Config.SHIPPED, deviceDir, shipped, "-Xlog:class+load=info:file=" + log);
            ClassLoadLog loaded = ClassLoadLog.parse(Files.readAllLines(log));
            out.println();
            out.printf("classes the device loaded with the shipped settings: %d%n", loaded.total());
            loaded.bySource().forEach((source, n) -> out.printf("  %5d  %s%n", n, source));
            List<String> forbidden = loaded.matching(FORBIDDEN);
            out.println(forbidden.isEmpty()
                    ? "none from " + FORBIDDEN + " (server, switchbox, certificate tooling, demo)"
                    : "LOADED what a device must not: " + forbidden);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** What {@code -Xlog:class+load} wrote: class name and source per line. */
    record ClassLoadLog(List<String[]> entries) {
        private static final Pattern LINE = Pattern.compile("\\[class,load\\] (\\S+) source: (.+)$");

        static ClassLoadLog parse(List<String> lines) {
            List<String[]> e = new ArrayList<>();
            for (String l : lines) {
                Matcher m = LINE.matcher(l);
                if (m.find()) {
                    e.add(new String[] {m.group(1), m.group(2)});
                }
            }
            return new ClassLoadLog(e);
        }

        int total() {
            return entries.size();
        }

        /** Classes per source, jar sources shortened to their file name, most first. */
        Map<String, Integer> bySource() {
            Map<String, Integer> m = new TreeMap<>();
            for (String[] e : entries) {
                String s = e[1];
                if (s.startsWith("file:") && s.endsWith(".jar")) {
                    s = s.substring(s.lastIndexOf('/') + 1);
                } else if (s.startsWith("jrt:/")) {
                    s = "JDK module " + s.substring(5);
                } else if (!s.equals("shared objects file")) {
                    s = "generated at run time (lambdas, proxies, reflection)";
                } else {
                    s = "JDK class-data-sharing archive";
                }
                m.merge(s, 1, Integer::sum);
            }
            Map<String, Integer> sorted = new java.util.LinkedHashMap<>();
            m.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue())
                    .forEach(en -> sorted.put(en.getKey(), en.getValue()));
            return sorted;
        }

        /** Names of loaded classes under any of {@code prefixes}. */
        List<String> matching(List<String> prefixes) {
            return entries.stream().map(e -> e[0]).filter(n -> prefixes.stream().anyMatch(n::startsWith)).toList();
        }
    }
}
