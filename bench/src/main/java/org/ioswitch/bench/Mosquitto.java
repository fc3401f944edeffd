package org.ioswitch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The mosquitto MQTT broker (Debian package {@code mosquitto}) with one TLS listener on 127.0.0.1: TLS 1.3 only,
 * {@code TLS_AES_128_GCM_SHA256}, TCP_NODELAY, anonymous clients, no persistence; the certificate and key are the
 * bench's own PEM files. The outside reference an MQTT user would otherwise pick for live values.
 */
final class Mosquitto implements AutoCloseable {
    /** Where Debian puts the broker: {@code /usr/sbin}, often not on a non-root user's PATH. */
    private static final List<String> PLACES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin");

    private final LocalServerProcess broker;
    private final String version;

    private Mosquitto(LocalServerProcess broker, String version) {
        this.broker = broker;
        this.version = version;
    }

    /** The mosquitto executable, on the PATH or where Debian installs it. */
    static Optional<String> find() {
        return LocalServerProcess.find(List.of("mosquitto"), PLACES);
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
        int port = LocalServerProcess.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, config(port, cert, key, dir.resolve("mosquitto.log")));
        // 'mosquitto -h' prints "mosquitto version 2.0.11" first and exits non-zero; only the text matters.
        String version = LocalServerProcess.versionLine(exe, "-h", "mosquitto version", "mosquitto");
        return new Mosquitto(LocalServerProcess.start("mosquitto", new ProcessBuilder(exe, "-c", conf.toString()),
                port, dir.resolve("mosquitto.out")), version);
    }

    int port() {
        return broker.port();
    }

    String version() {
        return version;
    }

    @Override
    public void close() {
        broker.close();
    }
}
