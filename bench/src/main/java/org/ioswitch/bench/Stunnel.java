package org.ioswitch.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * stunnel as a TLS-to-TLS relay: one service terminates the client's TLS with the given certificate, a second
 * re-encrypts towards the target (both TLS 1.3, TLS_AES_128_GCM_SHA256), chained over a plain loopback port.
 */
final class Stunnel implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String version;

    private Stunnel(Process process, int port, String version) {
        this.process = process;
        this.port = port;
        this.version = version;
    }

    /** The stunnel executable on the PATH, if any. */
    static Optional<String> find() {
        for (String name : List.of("stunnel4", "stunnel")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    /** Starts {@code exe} relaying to 127.0.0.1:{@code target}, presenting {@code cert}/{@code key}. */
    static Stunnel start(String exe, Path dir, Path cert, Path key, int target) throws IOException {
        int front = freePort();
        int middle = freePort();
        Path conf = dir.resolve("stunnel.conf");
        Files.writeString(conf, String.join("\n",
                "foreground = yes",
                "pid =",
                "debug = 3",
                "output = " + dir.resolve("stunnel.log"),
                "[in]",
                "accept = 127.0.0.1:" + front,
                "connect = 127.0.0.1:" + middle,
                "cert = " + cert,
                "key = " + key,
                "sslVersionMin = TLSv1.3",
                "ciphersuites = TLS_AES_128_GCM_SHA256",
                "socket = l:TCP_NODELAY=1",
                "socket = r:TCP_NODELAY=1",
                "[out]",
                "client = yes",
                "accept = 127.0.0.1:" + middle,
                "connect = 127.0.0.1:" + target,
                "sslVersionMin = TLSv1.3",
                "ciphersuites = TLS_AES_128_GCM_SHA256",
                "socket = l:TCP_NODELAY=1",
                "socket = r:TCP_NODELAY=1",
                ""));
        Process p = new ProcessBuilder(exe, conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stunnel.out").toFile()).start();
        String version = versionOf(exe);
        awaitListening(front, p, dir);
        return new Stunnel(p, front, version);
    }

    int port() {
        return port;
    }

    /** The stunnel process's id, for its CPU time. */
    long pid() {
        return process.pid();
    }

    String version() {
        return version;
    }

    private static String versionOf(String exe) {
        try {
            Process v = new ProcessBuilder(exe, "-version").redirectErrorStream(true).start();
            v.getOutputStream().close();
            String text = new String(v.getInputStream().readAllBytes());
            v.waitFor(10, TimeUnit.SECONDS);
            for (String line : text.split("\\R")) {
                if (line.startsWith("stunnel ")) {
                    return line.trim();
                }
            }
            return "stunnel (version unknown)";
        } catch (IOException | InterruptedException e) {
            return "stunnel (version unknown: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port, Process p, Path dir) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("stunnel did not listen on 127.0.0.1:" + port + " within 10 s; see "
                            + dir.resolve("stunnel.out") + " and stunnel.log", e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
