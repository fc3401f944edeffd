package org.ioswitch.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.common.metrics.MetricsEndpoint;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.session.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} on the console listener: real figures, valid for promtool, and the access rule. */
class ConsoleMetricsTest {
    @TempDir
    Path dir;
    ServerFixture fixture;
    ConsoleClient client;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ServerFixture(dir).account("home", "alice", AccountKind.USER, "alicepw")
                .account("home", "gina3", AccountKind.DEVICE, "devpw");
        fixture.start(fixture.options()
                .console(ConsoleOptions.on(new InetSocketAddress("127.0.0.1", 0), "home")).build());
        client = new ConsoleClient(URI.create(fixture.server.console().orElseThrow().url()), fixture.root);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void metricsOnLoopbackAreOpenCountWhatHappenedAndPassPromtool() throws Exception {
        assertEquals(401, client.login("alice", "wrong").status());
        assertEquals(200, client.login("alice", "alicepw").status());
        // Not TLS at all: the server's TLS listener drops it during the handshake.
        try (Socket s = new Socket("127.0.0.1", fixture.port())) {
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(20_000);
            s.getInputStream().read();
        }
        String text = awaitMetrics(t -> value(t, "ioswitch_handshake_failures_total{reason=\"tls\"}") >= 1);
        assertEquals(1, value(text, "ioswitch_login_failures_total{reason=\"credential\"}"), text);
        assertEquals(0, value(text, "ioswitch_connections{role=\"device\"}"));
        assertEquals(0, value(text, "ioswitch_pairing_pending"));
        assertEquals(1, value(text, "ioswitch_console_sessions"));
        assertTrue(value(text, "ioswitch_tls_certificate_expiry_seconds{subject=\"O=home,CN=localhost\"}") > 86_400,
                text);
        assertTrue(value(text, "ioswitch_jvm_heap_used_bytes") > 0);
        assertTrue(text.contains("# TYPE ioswitch_wire_frames_total counter"));

        Promtool.Result check = Promtool.check(text);
        assertEquals(0, check.exit(), check.output() + "\n" + text);
    }

    @Test
    void offLoopbackMetricsNeedTheBearerToken() throws Exception {
        // The rule itself, on a loopback test listener that believes it is bound to a LAN address (TEST-NET-1).
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        http.createContext("/metrics", new MetricsEndpoint(new InetSocketAddress("192.0.2.10", 6380),
                "a-long-enough-token", () -> "# HELP x y\n# TYPE x gauge\nx 1\n", new PeerLog()));
        http.createContext("/none", new MetricsEndpoint(new InetSocketAddress("192.0.2.10", 6380), null,
                () -> "x 1\n", new PeerLog()));
        http.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
            HttpClient c = HttpClient.newHttpClient();
            assertEquals(401, c.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, c.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                    .header("Authorization", "Bearer a-long-enough-tokeN").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> ok = c.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                    .header("Authorization", "Bearer a-long-enough-token").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("x 1", ok.body().lines().reduce((a, b) -> b).orElseThrow());
            assertEquals(403, c.send(HttpRequest.newBuilder(base.resolve("/none")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "no token configured: closed off loopback");
        } finally {
            http.stop(0);
        }
    }

    private String awaitMetrics(java.util.function.Predicate<String> test) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String text = "";
        while (System.nanoTime() < deadline) {
            ConsoleClient.Response r = client.get("metrics");
            assertEquals(200, r.status(), "open without login on loopback");
            assertTrue(r.header("Content-Type").startsWith("text/plain; version=0.0.4"));
            text = r.body();
            if (test.test(text)) {
                return text;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("metrics did not show it within 20 s:\n" + text);
    }

    /** The value of the sample line {@code name{labels}}, or -1 when absent. */
    static double value(String text, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
