package org.ioswitch.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 4 of the abuse review: a slowloris run must not flood the log. A real {@code server run} in its own JVM
 * (its own tinylog.properties, BouncyCastle logging through java.util.logging as in production) gets idle TCP
 * connections, half-sent TLS ClientHellos and completed TLS handshakes without a HELLO from one address until its
 * deadlines drop them; every line it writes is counted: no stack frame, no WARNING, and the drops from that address
 * collapse to a few lines (the summary line that follows is {@code PeerLogTest}'s business).
 */
class SlowlorisLogTest {
    private static final int IDLE = 20;
    private static final int HALF_HELLO = 20;
    private static final int TLS_SILENT = 20;

    @TempDir
    Path dir;

    @Test
    void slowlorisConnectionsLeaveAFewInfoLinesAndNoStackTraces() throws Exception {
        ServerCommandTest.Run init = ServerCommandTest.run("init", "--network", "home", "--dir", dir.toString(),
                "--admin-password", "admin-pw");
        assertEquals(0, init.code(), init.err());
        Path config = dir.resolve("config.json");
        // Ephemeral ports: the test reads the server's back from the "listening on" line; the console's 6380 may be
        // taken by anything else on the machine.
        String text = java.nio.file.Files.readString(config);
        assertTrue(text.contains("\"port\": 6369") && text.contains("\"port\": 6380"), text);
        java.nio.file.Files.writeString(config, text.replace("\"port\": 6369", "\"port\": 0")
                .replace("\"port\": 6380", "\"port\": 0"));
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerCommand.class.getName(), "run", "--dir",
                dir.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Pattern listeningLine = Pattern.compile("listening on [^ ]*:(\\d+) TLS");
        Thread reader = Threads.start("server-output", () -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    Matcher m = listeningLine.matcher(line);
                    if (m.find()) {
                        listening.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
            listening.completeExceptionally(new AssertionError("server exited: " + String.join("\n", lines)));
        });
        List<Socket> sockets = new ArrayList<>();
        try {
            int port = listening.get(60, TimeUnit.SECONDS);
            int before = lines.size();
            for (int i = 0; i < IDLE + HALF_HELLO; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(30_000);
                if (i >= IDLE) {
                    OutputStream out = s.getOutputStream();
                    // A TLS handshake record header announcing 512 bytes, then nothing: the classic slow ClientHello.
                    out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00});
                    out.flush();
                }
                sockets.add(s);
            }
            // TLS completed, then silence: no HELLO. Dropping these made BouncyCastle log a WARNING with a stack trace.
            try (TlsClientContext tls = TlsClientContext.open(TlsOptions.builder()
                    .requiredLevel(SecurityLevel.TLS).build())) {
                for (int i = 0; i < TLS_SILENT; i++) {
                    TlsConnection c = tls.connect("127.0.0.1", port, Duration.ofSeconds(20));
                    c.socket().setSoTimeout(30_000);
                    sockets.add(c.socket());
                }
            }
            for (Socket s : sockets) {
                // The server's hello deadline (10 s) ends each; the read deadline is only a guard for the test.
                try {
                    while (s.getInputStream().read() >= 0) {
                        // drain an alert, if BouncyCastle sends one
                    }
                } catch (java.io.IOException e) {
                    // reset by the server: dropped as well
                }
            }
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server did not stop on SIGTERM");
            reader.join(10_000);
            List<String> during = lines.subList(before, lines.size());
            String all = String.join("\n", during);
            assertTrue(during.stream().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")),
                    "a stack trace in the log:\n" + all);
            assertTrue(during.stream().noneMatch(l -> l.contains("WARN") || l.contains("SEVERE")),
                    "a warning for a peer's misbehaviour:\n" + all);
            long aboutPeer = during.stream().filter(l -> l.contains("127.0.0.1:") && !l.contains("listening")
                    && !l.contains("stopped")).count();
            assertTrue(aboutPeer <= 6, aboutPeer + " lines for " + (IDLE + HALF_HELLO + TLS_SILENT) + " dropped connections:\n"
                    + all);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            server.destroyForcibly();
        }
    }
}
