package org.ioswitch.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.common.testing.LogLines;
import org.ioswitch.common.testing.MovableClock;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.session.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of refused console requests from one address costs {@link PeerLog#DEFAULT_LINES_PER_WINDOW} lines and a
 * summary per minute (the server's one {@link PeerLog}, on the server's clock, which the test moves), over the real
 * HTTPS console; a correct request from that address still gets through.
 */
class ConsoleRefusalLogTest {
    private static final int FLOOD = 8;
    private static final String SUMMARY = "… and " + (FLOOD - PeerLog.DEFAULT_LINES_PER_WINDOW)
            + " more from 127.0.0.1 in the last minute";
    private static final String TOKEN = "a-metrics-token-long-enough";

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock();
    ServerFixture fixture;
    ConsoleClient client;

    /** A console on {@code listen}; the login throttle lets the whole flood through (it is not under test here). */
    private void start(InetSocketAddress listen) throws Exception {
        fixture = new ServerFixture(dir)
                .account("home", "root", AccountKind.ADMIN, "rootpw")
                .account("home", "alice", AccountKind.USER, "alicepw");
        fixture.start(fixture.options()
                .throttle(new LoginThrottle.Policy(1000, Duration.ofSeconds(1), Duration.ofSeconds(2),
                        Duration.ofMinutes(15), 100, 1000, 1000, Duration.ofSeconds(1)))
                .console(ConsoleOptions.on(listen, "home").withMetricsToken(TOKEN))
                .build(), clock);
        int port = fixture.server.console().orElseThrow().address().getPort();
        client = new ConsoleClient(URI.create("https://127.0.0.1:" + port + "/"), fixture.root);
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aPasswordFloodFromOneAddressIsThreeLinesAndASummary() throws Exception {
        start(new InetSocketAddress("127.0.0.1", 0));
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < FLOOD; i++) {
                assertEquals(401, client.login("alice", "guess" + i).status());
            }
            String refused = "console: login from 127.0.0.1 refused: ";
            assertEquals(PeerLog.DEFAULT_LINES_PER_WINDOW, log.containing(refused).size(),
                    String.join("\n", log.containing("127.0.0.1")));

            clock.advance(Duration.ofSeconds(61));
            assertEquals(401, client.login("alice", "one more").status());
            assertEquals(1, log.containing(SUMMARY).size(), String.join("\n", log.containing("127.0.0.1")));
            assertEquals(PeerLog.DEFAULT_LINES_PER_WINDOW + 1, log.containing(refused).size());
            assertTrue(log.matching(l -> l.startsWith("\tat ")).isEmpty(), "no stack trace");
        }
        assertEquals(200, client.login("alice", "alicepw").status(), "the right password still logs in");
    }

    @Test
    void aCsrfFloodFromOneAddressIsThreeLinesAndASummary() throws Exception {
        start(new InetSocketAddress("127.0.0.1", 0));
        assertEquals(200, client.login("root", "rootpw").status());
        JsonObject open = new JsonObject();
        open.addProperty("minutes", 5);
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < FLOOD; i++) {
                assertEquals(403, client.send("POST", "api/v1/pairing/open", open, false).status());
            }
            String refused = "console: POST /api/v1/pairing/open by root from 127.0.0.1 refused: missing or wrong "
                    + "CSRF token";
            assertEquals(PeerLog.DEFAULT_LINES_PER_WINDOW, log.containing(refused).size(),
                    String.join("\n", log.containing("127.0.0.1")));
            clock.advance(Duration.ofSeconds(61));
            assertEquals(403, client.send("POST", "api/v1/pairing/open", open, false).status());
            assertEquals(1, log.containing(SUMMARY).size(), String.join("\n", log.containing("127.0.0.1")));
        }
        assertEquals(200, client.send("POST", "api/v1/pairing/open", open).status(), "with the token it works");
        assertTrue(fixture.server.pairing().isOpen());
    }

    @Test
    void aScraperWithAWrongTokenIsThreeLinesAndASummary() throws Exception {
        // The token rule applies only off loopback: the console listens on every address, the test still talks to
        // it over 127.0.0.1 only.
        start(new InetSocketAddress("0.0.0.0", 0));
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < FLOOD; i++) {
                assertEquals(401, client.get("metrics", "Authorization", "Bearer wrong-" + i).status());
            }
            String refused = "metrics: request from 127.0.0.1 refused: missing or wrong bearer token";
            assertEquals(PeerLog.DEFAULT_LINES_PER_WINDOW, log.containing(refused).size(),
                    String.join("\n", log.containing("127.0.0.1")));
            clock.advance(Duration.ofSeconds(61));
            assertEquals(401, client.get("metrics").status(), "no token at all");
            assertEquals(1, log.containing(SUMMARY).size(), String.join("\n", log.containing("127.0.0.1")));
            assertEquals(List.of(), log.containing("Bearer wrong"), "a token is never logged");
        }
        ConsoleClient.Response ok = client.get("metrics", "Authorization", "Bearer " + TOKEN);
        assertEquals(200, ok.status(), ok.body());
        assertTrue(ok.body().contains("ioswitch_console_sessions"), ok.body());
    }
}
