package org.ioswitch.switchbox;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.ioswitch.common.thread.Threads;

/**
 * Three (or, for the benchmark, one) etcd members (Debian's {@code etcd-server}, installed by .ci/run) on 127.0.0.1, on
 * ports picked free by the OS or (tests that restart members) below the ephemeral range,
 * data on tmpfs (/dev/shm), fast elections. The cluster tests share one ({@link ClusterFixture}) and give each test a
 * key prefix of its own. {@link #close} kills every member and deletes the data, also when the JVM exits early.
 */
public final class EtcdCluster implements AutoCloseable {
    private static final Path ETCD = Path.of("/usr/bin/etcd");
    private final Path dataDir;
    private final int size;
    private final int[] clientPorts;
    private final int[] peerPorts;
    private final Process[] members;
    private final Thread cleanupHook;
    /** Client TLS of the members (certificate, key, trusted root), or null for plain http. */
    private final Path[] tls;
    private final int[] metricsPorts;

    private EtcdCluster(int size, Path[] tls, IntSupplier restartablePorts) throws IOException {
        this.size = size;
        this.tls = tls;
        metricsPorts = new int[size];
        clientPorts = new int[size];
        peerPorts = new int[size];
        members = new Process[size];
        Path shm = Path.of("/dev/shm");
        dataDir = Files.createTempDirectory(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")),
                "ioswitch-etcd-");
        cleanupHook = Threads.onShutdown("etcd-cleanup", this::destroy);
        int[] ports = restartablePorts == null ? freePorts(3 * size) : distinct(3 * size, restartablePorts);
        for (int i = 0; i < size; i++) {
            clientPorts[i] = ports[i];
            peerPorts[i] = ports[i + size];
            metricsPorts[i] = ports[i + 2 * size];
        }
    }

    /**
     * Starts three members whose ports come from {@code restartablePorts} (tests: {@code Ports::restartable}, ports
     * no outgoing socket takes while a member is down, so {@link #startMember} can bring it back on them) and waits
     * until each answers /health.
     */
    public static EtcdCluster start(IntSupplier restartablePorts) throws Exception {
        return start(3, null, restartablePorts);
    }

    /** Starts {@code size} members on ports picked free by the OS and waits until each answers /health. */
    public static EtcdCluster start(int size) throws Exception {
        return start(size, null, null);
    }

    /**
     * One member whose clients must speak TLS with a client certificate: {@code certificate} and {@code key} are the
     * member's server certificate (SAN 127.0.0.1), {@code root} verifies client certificates.
     */
    public static EtcdCluster startTls(Path certificate, Path key, Path root) throws Exception {
        return start(1, new Path[] {certificate, key, root}, null);
    }

    private static EtcdCluster start(int size, Path[] tls, IntSupplier restartablePorts) throws Exception {
        EtcdCluster c = new EtcdCluster(size, tls, restartablePorts);
        try {
            for (int i = 0; i < size; i++) {
                c.startMember(i);
            }
            for (int i = 0; i < size; i++) {
                c.awaitHealthy(i, 30);
            }
            return c;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    private static int[] distinct(int n, IntSupplier ports) {
        java.util.Set<Integer> out = new java.util.LinkedHashSet<>();
        while (out.size() < n) {
            out.add(ports.getAsInt());
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    private String initialCluster() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            parts.add("m" + i + "=http://127.0.0.1:" + peerPorts[i]);
        }
        return String.join(",", parts);
    }

    /** Starts (or restarts, with its data) member {@code i}. */
    public void startMember(int i) throws IOException {
        String client = (tls == null ? "http" : "https") + "://127.0.0.1:" + clientPorts[i];
        String peer = "http://127.0.0.1:" + peerPorts[i];
        Path data = dataDir.resolve("m" + i);
        boolean fresh = !Files.isDirectory(data.resolve("member"));
        List<String> command = new ArrayList<>(List.of(ETCD.toString(), "--name", "m" + i, "--data-dir",
                data.toString(), "--listen-metrics-urls", "http://127.0.0.1:" + metricsPorts[i]));
        if (tls != null) {
            command.addAll(List.of("--cert-file", tls[0].toString(), "--key-file", tls[1].toString(),
                    "--client-cert-auth", "--trusted-ca-file", tls[2].toString()));
        }
        command.addAll(List.of(
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", initialCluster(), "--initial-cluster-state", fresh ? "new" : "existing",
                "--initial-cluster-token", dataDir.getFileName().toString(),
                "--heartbeat-interval", "100", "--election-timeout", "1000",
                "--logger", "zap", "--log-level", "warn"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(dataDir.resolve("m" + i + ".log").toFile());
        members[i] = pb.start();
    }

    /** The data directory on tmpfs (its size is what etcd stored). */
    public Path dataDir() {
        return dataDir;
    }

    /** Kills member {@code i} (SIGKILL); its data stays for a restart. */
    public void killMember(int i) throws InterruptedException {
        Process p = members[i];
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            members[i] = null;
        }
    }

    /** Waits until member {@code i} reports healthy (it has a leader) within {@code seconds}. */
    public void awaitHealthy(int i, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (members[i] != null && !members[i].isAlive()) {
                throw new IllegalStateException("etcd member m" + i + " exited: " + log(i));
            }
            try {
                // /health on the plain metrics port: the client port may demand a client certificate
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + metricsPorts[i] + "/health")
                        .toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                last = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (last.contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling an external process: there is nothing to wait on
        }
        throw new IllegalStateException("etcd member m" + i + " not healthy within " + seconds + " s: " + last);
    }

    private String log(int i) {
        try {
            String all = Files.readString(dataDir.resolve("m" + i + ".log"));
            return all.length() > 2000 ? all.substring(all.length() - 2000) : all;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The client URLs of all members. */
    public List<URI> endpoints() {
        List<URI> out = new ArrayList<>();
        for (int port : clientPorts) {
            out.add(URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port));
        }
        return out;
    }

    /** A key prefix no other test uses. */
    public static String freshPrefix() {
        return "/ioswitch-test-" + UUID.randomUUID() + "/";
    }

    private void destroy() {
        for (int i = 0; i < size; i++) {
            if (members[i] != null) {
                members[i].destroyForcibly();
            }
        }
        for (int i = 0; i < size; i++) {
            if (members[i] != null) {
                try {
                    members[i].waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: tmpfs is cleared at reboot anyway
        }
    }

    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException e) {
            // the JVM is already exiting and runs the hook
        }
    }
}
