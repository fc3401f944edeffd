package org.ioswitch.switchbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ioswitch.common.testing.Ports;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsOptions;

/**
 * A switchbox cluster node in a JVM of its own, started through the real command line ({@code switchbox run --dir})
 * with a config.json that has a {@code cluster} section, so a test can SIGKILL, SIGSTOP and SIGCONT it. Its log lines
 * (stderr) are kept for the test to wait on.
 */
final class ChildNode implements AutoCloseable {
    final String id;
    final int port;
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private ChildNode(String id, int port, Process process) {
        this.id = id;
        this.port = port;
        this.process = process;
        Threads.platform("child-node-log " + id, () -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    add(line);
                }
            } catch (IOException e) {
                add("(log ended: " + e.getMessage() + ")");
            } finally {
                add("(process ended)");
            }
        });
    }

    /** Writes {@code dir/config.json} for node {@code id} of {@code f}'s cluster and starts it; waits until it joined. */
    static ChildNode start(ClusterFixture f, String id, Path dir) throws Exception {
        return start(f, id, dir, 3);
    }

    /** As {@link #start(ClusterFixture, String, Path)} with the tunnels' keepalive timeout in seconds. */
    static ChildNode start(ClusterFixture f, String id, Path dir, int keepaliveTimeoutSeconds) throws Exception {
        Files.createDirectories(dir);
        int port = Ports.restartable(); // bound by the child later: a port no outgoing socket takes meanwhile
        TlsOptions box = f.relay.switchboxTls;
        TlsOptions node = f.nodeTls(f.relay.cloud, id, org.ioswitch.certs.ca.Usage.SWITCHBOX_NODE);
        StringBuilder endpoints = new StringBuilder();
        for (var u : ClusterFixture.etcd().endpoints()) {
            endpoints.append(endpoints.length() == 0 ? "" : ", ").append('"').append(u).append('"');
        }
        String tls = "{\"certificate\": \"" + node.certificate() + "\", \"privateKey\": \"" + node.privateKey()
                + "\", \"trusted\": \"" + f.relay.cloudRoot + "\"}";
        Files.writeString(dir.resolve("config.json"), "{\"bind\": \"127.0.0.1\", \"port\": " + port
                + ", \"accounts\": \"" + f.relay.dir.resolve("accounts.json") + "\","
                + " \"tls\": {\"certificate\": \"" + box.certificate() + "\", \"privateKey\": \"" + box.privateKey()
                + "\", \"trusted\": \"" + f.relay.cloudRoot + "\", \"requiredLevel\": \"tls\","
                + " \"clientCertificates\": \"optional\"},"
                + " \"limits\": {\"keepaliveIntervalSeconds\": 1, \"keepaliveTimeoutSeconds\": "
                + keepaliveTimeoutSeconds + ","
                + " \"helloTimeoutMillis\": 5000},"
                + " \"cluster\": {\"nodeId\": \"" + id + "\", \"leaseTtlSeconds\": " + f.ttl.toSeconds()
                + ", \"prefix\": \"" + f.prefix + "\","
                + " \"etcd\": {\"endpoints\": [" + endpoints + "], \"timeoutMillis\": "
                + ClusterFixture.ETCD_TIMEOUT.toMillis() + "},"
                + " \"peer\": {\"bind\": \"127.0.0.1\", \"port\": 0, \"tls\": " + tls + "}}}");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "org.ioswitch.switchbox.cli.SwitchboxCommand", "run", "--dir",
                dir.toString());
        pb.redirectErrorStream(true);
        ChildNode child = new ChildNode(id, port, pb.start());
        try {
            child.awaitLine(l -> l.contains("listening on") && l.contains("cluster node " + id), 60);
        } catch (Exception e) {
            child.close();
            throw e;
        }
        return child;
    }

    private void add(String line) {
        synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
        }
    }

    /**
     * Waits until a log line matches, within {@code seconds}, woken by each new line; the child's log is in the
     * failure message.
     */
    String awaitLine(Predicate<String> match, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (match.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || lines.contains("(process ended)")) {
                    break;
                }
                lines.wait(left);
            }
        }
        throw new AssertionError("node " + id + ": no matching log line within " + seconds + " s; log:\n"
                + String.join("\n", lines()));
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("CONT");
            kill();
        }
    }
}
