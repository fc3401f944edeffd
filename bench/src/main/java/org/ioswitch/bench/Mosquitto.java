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
 * The mosquitto MQTT broker (Debian package {@code mosquitto}) with one TLS listener on 127.0.0.1: TLS 1.3 only,
 * {@code TLS_AES_128_GCM_SHA256}, TCP_NODELAY, anonymous clients, no persistence; the certificate and key are the
 * bench's own PEM files. The outside reference an MQTT user would otherwise pick for live values.
 */
final class Mosquitto implements AutoCloseable {
    /** Where Debian puts the broker: {@code /usr/sbin}, often not on a non-root user's PATH. */
    private static final List<String> PLACES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin");

    private final Process process;
    private final int port;
    private final String version;

    private Mosquitto(Process process, int port, String version) {
        this.process = process;
        this.port = port;
        this.version = version;
    }

    /** The mosquitto executable, on the PATH or where Debian installs it. */
    static Optional<String> find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":" + String.join(":", PLACES)).split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mosquitto"))) {
                return Optional.of(Path.of(dir, "mosquitto").toString());
            }
        }
        return Optional.empty();
    }

    /** What to tell a user whose machine has no broker. */
    static String installHint() {
        return "mosquitto not found (looked on PATH and in " + String.join(", ", PLACES)
                + "): install it with 'apt-get install -y mosquitto'";
    }

    /** The broker's configuration: one TLS listener on 127.0.0.1:{@code port} with {@code cert}/{@code key}. */
    static String config(int port, Path cert, Path key, Path log) {
        return String.join("\n",
                "per_listener_settings false",
                "allow_anonymous true",
                "persistence false",
                // Started as root (CI is), the broker would switch to the user 'mosquitto', who cannot read the
                // bench's owner-only temp directory; as any other user this line has no effect.
                "user root",
                "log_dest file " + log,
                "log_type error",
                "log_type warning",
                "set_tcp_nodelay true",
                "listener " + port + " 127.0.0.1",
                "certfile " + cert,
                "keyfile " + key,
                "tls_version tlsv1.3",
                "ciphers_tls1.3 TLS_AES_128_GCM_SHA256",
                "");
    }

    /** Starts {@code exe} with a TLS listener on a free loopback port; waits (10 s) until it accepts connections. */
    static Mosquitto start(String exe, Path dir, Path cert, Path key) throws IOException {
        int port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, config(port, cert, key, dir.resolve("mosquitto.log")));
        Process p = new ProcessBuilder(exe, "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        awaitListening(port, p, dir);
        return new Mosquitto(p, port, versionOf(exe));
    }

    int port() {
        return port;
    }

    String version() {
        return version;
    }

    private static String versionOf(String exe) {
        try {
            // 'mosquitto -h' prints "mosquitto version 2.0.11" first and exits non-zero; only the text matters.
            Process v = new ProcessBuilder(exe, "-h").redirectErrorStream(true).start();
            v.getOutputStream().close();
            String text = new String(v.getInputStream().readAllBytes());
            v.waitFor(10, TimeUnit.SECONDS);
            for (String line : text.split("\\R")) {
                if (line.startsWith("mosquitto version")) {
                    return line.trim();
                }
            }
            return "mosquitto (version unknown)";
        } catch (IOException | InterruptedException e) {
            return "mosquitto (version unknown: " + e.getMessage() + ")";
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
                    String out = Files.exists(dir.resolve("mosquitto.out"))
                            ? Files.readString(dir.resolve("mosquitto.out")).trim() : "";
                    throw new IOException("mosquitto did not listen on 127.0.0.1:" + port + " within 10 s"
                            + (p.isAlive() ? "" : " (exited " + p.exitValue() + ")") + ": " + out, e);
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
