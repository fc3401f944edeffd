package org.ioswitch.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.BlockRules;

/**
 * A fleet of {@code devices} simulated devices ({@link FleetDevices}, in this JVM) on one home server in a child JVM
 * ({@link FleetServerChild}, {@code -Xmx heapMib}). Reports: full handshakes per second the server takes vs
 * {@code openssl s_server} (both measured with {@code openssl s_time}); the time until every device is connected and
 * synced; the server's heap, RSS and threads per connected device; and a reconnect storm: the server is killed
 * (SIGKILL) and started again on the same port, and the bench times until every device is authenticated and its
 * {@code exp} is back on the server, counting the attempts the devices' jittered backoff made.
 */
final class FleetBench {
    /** A JVM without virtual threads runs two to three platform threads per device per side. */
    static final int PLATFORM_THREAD_LIMIT = 1500;
    private final int devices;
    private final int heapMib;
    private final String java;
    private final int stormSeconds;
    private final PrintStream out;

    FleetBench(int devices, int heapMib, String java, int stormSeconds, PrintStream out) {
        this.devices = devices;
        this.heapMib = heapMib;
        this.java = java;
        this.stormSeconds = stormSeconds;
        this.out = out;
    }

    /** One {@code STATS} answer of the server child. */
    record Stats(long usedHeap, long maxHeap, int threads, long rssKiB, int online, int synced) {
        static Stats parse(String line) throws IOException {
            String[] f = line.split(" ");
            if (f.length != 7 || !f[0].equals("STATS")) {
                throw new IOException("server child: expected 'STATS used max threads rss online synced', got '"
                        + line + "'");
            }
            return new Stats(Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]),
                    Integer.parseInt(f[5]), Integer.parseInt(f[6]));
        }
    }

    /** Bytes per device between an empty server and one with {@code n} devices; NaN without devices. */
    static double perDevice(long empty, long full, int n) {
        return n <= 0 ? Double.NaN : (full - empty) / (double) n;
    }

    void run() throws Exception {
        long start = System.nanoTime();
        Machine.header(out, "fleet");
        long openFiles = openFilesLimit();
        if (openFiles >= 0 && openFiles < devices + 1024L) {
            throw new IOException(devices + " devices need " + (devices + 1024) + " open files in this process and in"
                    + " the server's; the limit is " + openFiles + " (raise it with 'ulimit -n')");
        }
        if (devices > PLATFORM_THREAD_LIMIT && !Threads.virtual()) {
            throw new IOException(devices + " devices on platform threads would start ~" + (3 * devices) + " threads"
                    + " here and ~" + (2 * devices) + " in the server: run the bench on Java 21+ (virtual threads),"
                    + " e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar ...");
        }
        Path dir = Files.createTempDirectory("ioswitch-bench-fleet");
        try {
            long t0 = System.nanoTime();
            Pki pki = FleetServerChild.pki(dir);
            OrgCa ca = pki.ca;
            Path root = pki.root;
            // A key and certificate per device; on both cores, since 10,000 take this loaded machine a minute.
            List<FleetDevices.Credentials> keys = IntStream.range(0, devices).parallel().mapToObj(i -> {
                Issued c = ca.issue(CertSpec.client("d" + i).build());
                return new FleetDevices.Credentials(c.privateKey(), c.chain().toArray(new X509Certificate[0]));
            }).toList();
            writeAccounts(dir.resolve("accounts.json"), devices);
            out.printf("setup: %d device certificates and accounts in %.1f s%n", devices,
                    (System.nanoTime() - t0) / 1e9);
            int port = freePort();
            Child child = Child.start(java, heapMib, dir, port);
            try {
                out.printf("server child: %s -Xmx%dm, virtual threads %s, port %d%n", java, heapMib, child.virtual,
                        port);
                if (devices > PLATFORM_THREAD_LIMIT && !child.virtual) {
                    throw new IOException("the server child runs on platform threads; give --java a Java 21+");
                }
                Stats empty = child.stats();
                out.printf("empty server: heap %.1f MiB, RSS %d MiB, %d threads%n", empty.usedHeap / 1048576.0,
                        empty.rssKiB >> 10, empty.threads);
                // A fresh JVM runs its first handshakes interpreted: warm the server as every bench warms (by time).
                HandshakeRate.sTime(port, root, 5);
                double ours = HandshakeRate.sTime(port, root, 5);
                double openssl = HandshakeRate.opensslServer(pki.serverCert, pki.serverKey,
                        root, 5);
                out.printf("full handshakes/s (openssl s_time -new, one client, 5 s after 5 s of warm-up): home server"
                        + " %.0f, openssl s_server %.0f, ratio %.2f%n", ours, openssl, ours / openssl);
                try (FleetDevices fleet = new FleetDevices(keys, pki.server.certificate(), port)) {
                    long c0 = System.nanoTime();
                    fleet.start();
                    int timeout = Math.max(60, devices / 50);
                    int synced = child.awaitSynced(devices, timeout);
                    double connectSeconds = (System.nanoTime() - c0) / 1e9;
                    out.printf("all started at once: %d of %d synced in %.1f s, %d attempts (%d failed)%s%n", synced,
                            devices, connectSeconds, fleet.attempts.get(), fleet.failures.get(),
                            synced < devices ? "; last failure: " + fleet.lastFailure : "");
                    printFailures("  device failures", fleet.failureCauses, Map.of());
                    out.println("  server: " + child.metrics());
                    Stats full = child.stats();
                    out.printf("server with %d devices online: heap %.1f MiB of %d MiB, RSS %d MiB, %d platform"
                            + " threads%n", full.online, full.usedHeap / 1048576.0, full.maxHeap >> 20,
                            full.rssKiB >> 10, full.threads);
                    double heapPer = perDevice(empty.usedHeap, full.usedHeap, full.online);
                    double rssPer = perDevice(empty.rssKiB * 1024, full.rssKiB * 1024, full.online);
                    out.printf("per connected device: heap %.1f KiB, RSS %.1f KiB, threads %.2f%n", heapPer / 1024,
                            rssPer / 1024, (full.threads - empty.threads) / (double) Math.max(1, full.online));
                    long a0 = fleet.attempts.get();
                    long f0 = fleet.failures.get();
                    int[] before = snapshot(fleet);
                    Map<String, Long> causesBefore = counts(fleet.failureCauses);
                    long k0 = System.nanoTime();
                    child.kill();
                    long simCpu0 = HopCpu.procCpuNanos(ProcessHandle.current().pid());
                    child = Child.start(java, heapMib, dir, port);
                    double restart = (System.nanoTime() - k0) / 1e9;
                    long serverCpuReady = HopCpu.procCpuNanos(child.pid());
                    StringBuilder timeline = new StringBuilder();
                    int back = child.awaitSynced(devices, stormSeconds, k0, timeline);
                    double storm = (System.nanoTime() - k0) / 1e9;
                    long serverCpu = HopCpu.procCpuNanos(child.pid());
                    Map<String, Long> serverKinds = HopCpu.cpuByKind(child.pid());
                    long simCpu = HopCpu.procCpuNanos(ProcessHandle.current().pid()) - simCpu0;
                    int maxAttempts = 0;
                    for (int i = 0; i < devices; i++) {
                        maxAttempts = Math.max(maxAttempts, fleet.attemptsOf.get(i) - before[i]);
                    }
                    long attempts = fleet.attempts.get() - a0;
                    out.printf("reconnect storm: server killed and started again (listening after %.1f s); %d of %d"
                            + " authenticated and resynced after %.1f s; %d attempts (%.2f per device, at most %d"
                            + " for one), %d failed%s%n", restart, back, devices, storm, attempts,
                            attempts / (double) devices, maxAttempts, fleet.failures.get() - f0,
                            back < devices ? "; LEFT BEHIND: " + (devices - back) + ", last failure: "
                                    + fleet.lastFailure : "");
                    out.printf("handshakes/s during the storm (devices / time to converge): %.0f%n", back / storm);
                    out.println("  every 5 s since the kill, devices synced / server CPU (100% = one core):"
                            + timeline);
                    printFailures("  device failures in the storm", fleet.failureCauses, causesBefore);
                    out.println("  server: " + child.metrics());
                    int cores = Runtime.getRuntime().availableProcessors();
                    out.printf("CPU in the storm (user + system, /proc/PID/stat): server %.1f s (%.1f s of it starting"
                            + " until listening, %.2f ms per device after), simulated devices %.1f s, on %d cores in"
                            + " %.1f s of wall time%n", serverCpu / 1e9, serverCpuReady / 1e9,
                            (serverCpu - serverCpuReady) / 1e6 / Math.max(1, back), simCpu / 1e9, cores, storm);
                    out.printf("  server CPU by thread kind since it started: JIT compilers %.1f s, GC %.1f s, the"
                            + " rest (application, kernel) %.1f s%n", serverKinds.get("jit") / 1e9,
                            serverKinds.get("gc") / 1e9, serverKinds.get("rest") / 1e9);
                    out.printf("PROJECTION (not a measurement): with the %d cores to itself, the server would need"
                            + " about %.1f s of wall time for this storm (its CPU seconds spread over the cores, start"
                            + " included, none lost to waiting)%n", cores, Math.max(restart, serverCpu / 1e9 / cores));
                    out.println();
                    out.printf("targets (issue 16): %d devices in a %d MiB server heap: %s (heap %.0f MiB used);"
                            + " storm converged within 30 s, nobody left behind: %s (%.1f s, %d of %d)%n", devices,
                            heapMib, full.online == devices && full.usedHeap < full.maxHeap ? "MET" : "MISSED",
                            full.usedHeap / 1048576.0, back == devices && storm <= 30 ? "MET" : "MISSED", storm, back,
                            devices);
                }
            } finally {
                child.quit();
            }
        } finally {
            Pki.deleteTree(dir);
        }
        Machine.footer(out, "fleet", start);
    }

    /** Failed attempts since {@code before}, most frequent cause first (the first 8). */
    private void printFailures(String title, Map<String, LongAdder> causes, Map<String, Long> before) {
        Map<String, Long> now = counts(causes);
        List<Map.Entry<String, Long>> diff = new ArrayList<>();
        now.forEach((c, n) -> {
            long d = n - before.getOrDefault(c, 0L);
            if (d > 0) {
                diff.add(Map.entry(c, d));
            }
        });
        diff.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        out.println(title + (diff.isEmpty() ? ": none" : ":"));
        diff.stream().limit(8).forEach(e -> out.printf("    %6d  %s%n", e.getValue(), e.getKey()));
    }

    private static Map<String, Long> counts(Map<String, LongAdder> causes) {
        Map<String, Long> m = new HashMap<>();
        causes.forEach((c, n) -> m.put(c, n.sum()));
        return m;
    }

    private static int[] snapshot(FleetDevices fleet) {
        int[] a = new int[fleet.attemptsOf.length()];
        for (int i = 0; i < a.length; i++) {
            a[i] = fleet.attemptsOf.get(i);
        }
        return a;
    }

    /**
     * Device accounts {@code d0..d<n-1>} of network {@code fleet}, written at once (adding them one by one rewrites the
     * file each time). They log in by certificate; the password hash is one hash of a random password nobody knows,
     * shared, since making 10,000 PBKDF2 hashes would take this machine minutes.
     */
    static void writeAccounts(Path file, int n) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String hash = PasswordHash.create(HexFormat.of().formatHex(random).toCharArray()).encoded();
        BlockRules rules = BlockRules.defaultsFor(AccountKind.DEVICE);
        JsonArray list = new JsonArray();
        for (int i = 0; i < n; i++) {
            JsonObject o = new JsonObject();
            o.addProperty("network", FleetDevices.NETWORK);
            o.addProperty("name", "d" + i);
            o.addProperty("kind", AccountKind.DEVICE.label());
            o.addProperty("password", hash);
            JsonArray read = new JsonArray();
            rules.read().forEach(read::add);
            JsonArray write = new JsonArray();
            rules.write().forEach(write::add);
            o.add("read", read);
            o.add("write", write);
            list.add(o);
        }
        JsonObject top = new JsonObject();
        top.add("accounts", list);
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(top) + "\n");
    }

    /** The soft limit of open files of this process, -1 if unknown. */
    static long openFilesLimit() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (l.startsWith("Max open files")) {
                    String soft = l.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The server child process and its line protocol. */
    private static final class Child {
        private final Process process;
        private final Writer in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private boolean virtual;

        private Child(Process process) {
            this.process = process;
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Daemon.start("fleet-server-out", () -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    // the child ended
                }
            });
        }

        static Child start(String java, int heapMib, Path dir, int port) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heapMib + "m"));
            // For profiling the server: e.g. -Dfleet.serverJvmArgs=-XX:StartFlightRecording=filename=/tmp/s.jfr
            String extra = System.getProperty("fleet.serverJvmArgs", "").trim();
            if (!extra.isEmpty()) {
                cmd.addAll(List.of(extra.split("\\s+")));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FleetServerChild.class.getName(),
                    dir.toString(), Integer.toString(port)));
            Child c = new Child(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            String ready = c.expect("READY", 60);
            c.virtual = ready.endsWith(" true");
            return c;
        }

        private String expect(String prefix, int seconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    throw new IOException("server child: no '" + prefix + "' within " + seconds + " s"
                            + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")"));
                }
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
        }

        private String ask(String command, String answer, int seconds) throws IOException, InterruptedException {
            in.write(command + "\n");
            in.flush();
            return expect(answer, seconds);
        }

        long pid() {
            return process.pid();
        }

        /** The server's handshake metrics now (bound, queue, failures by reason). */
        String metrics() throws IOException, InterruptedException {
            return ask("metrics", "METRICS", 60).substring("METRICS ".length());
        }

        Stats stats() throws IOException, InterruptedException {
            return Stats.parse(ask("stats", "STATS", 120));
        }

        /**
         * Polls every second until {@code n} devices are synced or {@code seconds} pass; the last count. Not more
         * often: a poll walks every device on the server, and its CPU counts as the server's.
         */
        int awaitSynced(int n, int seconds) throws IOException, InterruptedException {
            return awaitSynced(n, seconds, System.nanoTime(), null);
        }

        /**
         * As {@link #awaitSynced(int, int)}, and every 5 s from {@code t0} appends to {@code timeline} the seconds,
         * devices synced and the server's CPU use over those 5 s (100 % = one core busy).
         */
        int awaitSynced(int n, int seconds, long t0, StringBuilder timeline) throws IOException,
                InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            int synced = 0;
            long nextMark = t0 + TimeUnit.SECONDS.toNanos(5);
            long lastCpu = HopCpu.procCpuNanos(pid());
            while (System.nanoTime() < deadline) {
                String[] f = ask("synced", "SYNCED", 60).split(" ");
                synced = Integer.parseInt(f[2]);
                if (synced >= n) {
                    return synced;
                }
                if (timeline != null && System.nanoTime() >= nextMark) {
                    long cpu = HopCpu.procCpuNanos(pid());
                    timeline.append(String.format(" %ds:%d/%d%%", TimeUnit.NANOSECONDS.toSeconds(nextMark - t0), synced,
                            (cpu - lastCpu) * 100 / TimeUnit.SECONDS.toNanos(5)));
                    lastCpu = cpu;
                    nextMark += TimeUnit.SECONDS.toNanos(5);
                }
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
            return synced;
        }

        /** SIGKILL: the server gets no chance to say goodbye, as in a crash or power loss. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void quit() {
            try {
                in.write("quit\n");
                in.flush();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
