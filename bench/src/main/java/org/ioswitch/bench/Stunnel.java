package org.ioswitch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * stunnel as a TLS-to-TLS relay: one service terminates the client's TLS with the given certificate, a second
 * re-encrypts towards the target (both TLS 1.3, TLS_AES_128_GCM_SHA256), chained over a plain loopback port.
 */
final class Stunnel implements AutoCloseable {
    private final LocalServerProcess relay;
    private final String version;

    private Stunnel(LocalServerProcess relay, String version) {
        this.relay = relay;
        this.version = version;
    }

    /** The stunnel executable on the PATH, if any. */
    static Optional<String> find() {
        return LocalServerProcess.find(List.of("stunnel4", "stunnel"), List.of());
    }

    /** Starts {@code exe} relaying to 127.0.0.1:{@code target}, presenting {@code cert}/{@code key}. */
    static Stunnel start(String exe, Path dir, Path cert, Path key, int target) throws IOException {
        int front = LocalServerProcess.freePort();
        int middle = LocalServerProcess.freePort();
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
        String version = LocalServerProcess.versionLine(exe, "-version", "stunnel ", "stunnel");
        return new Stunnel(LocalServerProcess.start("stunnel", new ProcessBuilder(exe, conf.toString()), front,
                dir.resolve("stunnel.out")), version);
    }

    int port() {
        return relay.port();
    }

    /** The stunnel process's id, for its CPU time. */
    long pid() {
        return relay.pid();
    }

    String version() {
        return version;
    }

    @Override
    public void close() {
        relay.close();
    }
}
