package org.ioswitch.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.BlockRules;
import org.ioswitch.common.testing.MovableClock;
import org.ioswitch.server.session.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's JSON API over real HTTPS on loopback, with the server's own certificate and accounts. */
class ConsoleApiTest {
    @TempDir
    Path dir;
    ServerFixture fixture;
    final MovableClock clock = new MovableClock();
    ConsoleClient client;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ServerFixture(dir)
                .account("home", "root", AccountKind.ADMIN, "rootpw")
                .account("home", "alice", AccountKind.USER, "alicepw")
                .account("home", "bob", AccountKind.USER, "bobpw", new BlockRules(List.of("*.exp"), List.of()))
                .account("home", "gina3", AccountKind.DEVICE, "devpw");
        fixture.start(fixture.options()
                .throttle(new LoginThrottle.Policy(2, Duration.ofSeconds(30), Duration.ofMinutes(5),
                        Duration.ofMinutes(15), 100, 10, 10, Duration.ofSeconds(2)))
                .console(ConsoleOptions.on(new InetSocketAddress("127.0.0.1", 0), "home")
                        .withTimeouts(Duration.ofMinutes(10), Duration.ofHours(1)))
                .build(), clock);
        client = new ConsoleClient(URI.create(fixture.server.console().orElseThrow().url()), fixture.root);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void loginSetsAStrictCookieAndEveryAnswerCarriesTheSecurityHeaders() throws Exception {
        ConsoleClient.Response r = client.login("alice", "alicepw");
        assertEquals(200, r.status(), r.body());
        String cookie = r.header("Set-Cookie");
        assertTrue(cookie.startsWith("__Host-ioswitch="), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("Secure") && cookie.contains("SameSite=Strict"),
                cookie);
        assertEquals("user", r.json().get("kind").getAsString());
        assertFalse(r.json().get("csrf").getAsString().isEmpty());

        ConsoleClient.Response devices = client.get("api/v1/devices");
        assertEquals(200, devices.status(), devices.body());
        assertEquals("gina3.home", devices.json().getAsJsonArray("devices").get(0).getAsJsonObject().get("id")
                .getAsString(), "a device account that never connected is listed, offline");
        for (ConsoleClient.Response each : List.of(r, devices, client.get(""))) {
            assertEquals(Http.CSP, each.header("Content-Security-Policy"));
            assertEquals("nosniff", each.header("X-Content-Type-Options"));
            assertEquals("no-store", each.header("Cache-Control"));
        }
        assertTrue(client.get("").body().contains("<script type=\"module\" src=\"/app.js\">"));
        assertEquals(404, client.get("../server.key").status());
        assertEquals(404, client.get("server.key").status());
    }

    @Test
    void withoutALoginTheApiAnswers401() throws Exception {
        ConsoleClient.Response r = client.get("api/v1/devices");
        assertEquals(401, r.status());
        assertTrue(r.json().get("error").getAsString().contains("not logged in"), r.body());
        client.cookie = "__Host-ioswitch=forged";
        assertEquals(401, client.get("api/v1/devices").status());
    }

    @Test
    void aWrongPasswordIsRefusedAndRepeatedFailuresAreThrottledLikeTlsLogins() throws Exception {
        ConsoleClient.Response wrong = client.login("alice", "nope");
        assertEquals(401, wrong.status());
        assertEquals("wrong user or password", wrong.json().get("error").getAsString());
        assertEquals(401, client.login("nobody", "nope").status(), "an unknown user reads the same");
        assertEquals(401, client.login("alice", "nope2").status());
        assertEquals(401, client.login("alice", "nope3").status(), "the policy's 2 free failures are spent");
        ConsoleClient.Response throttled = client.login("alice", "alicepw");
        assertEquals(429, throttled.status(), "even the right password waits out the lockout");
        assertTrue(throttled.json().get("error").getAsString().contains("too many failed logins"), throttled.body());
        assertNotNull(throttled.header("Retry-After"));
        clock.advance(Duration.ofSeconds(31));
        assertEquals(200, client.login("alice", "alicepw").status());
        String audit = Files.readString(dir.resolve("audit.log"));
        assertTrue(audit.contains("user=console:alice action=login target=home result=refused bad_credential"), audit);
        assertTrue(audit.contains("user=console:alice action=login target=home result=ok"), audit);
        assertFalse(audit.contains("alicepw") || audit.contains("nope"), "no password in the audit log");
    }

    @Test
    void aDeviceAccountCannotLogIn() throws Exception {
        ConsoleClient.Response r = client.login("gina3", "devpw");
        assertEquals(403, r.status());
        assertTrue(r.json().get("error").getAsString().contains("device account"), r.body());
    }

    @Test
    void aStateChangeWithoutTheCsrfTokenIsRefused() throws Exception {
        assertEquals(200, client.login("root", "rootpw").status());
        JsonObject open = new JsonObject();
        open.addProperty("minutes", 5);
        ConsoleClient.Response refused = client.send("POST", "api/v1/pairing/open", open, false);
        assertEquals(403, refused.status());
        assertEquals("X-CSRF-Token", refused.json().get("field").getAsString());
        assertFalse(fixture.server.pairing().isOpen());
        String real = client.csrf;
        client.csrf = "not-" + real;
        assertEquals(403, client.send("POST", "api/v1/pairing/open", open).status());
        client.csrf = real;
        ConsoleClient.Response ok = client.send("POST", "api/v1/pairing/open", open);
        assertEquals(200, ok.status(), ok.body());
        assertTrue(fixture.server.pairing().isOpen());
        assertEquals(200, client.send("POST", "api/v1/pairing/close", null).status());
        assertFalse(fixture.server.pairing().isOpen());
    }

    @Test
    void aUserIsRefusedTheAdminPagesAndAnAdminGetsThem() throws Exception {
        assertEquals(200, client.login("alice", "alicepw").status());
        for (String path : List.of("api/v1/pairing", "api/v1/accounts", "api/v1/audit")) {
            ConsoleClient.Response r = client.get(path);
            assertEquals(403, r.status(), path);
            assertTrue(r.json().get("error").getAsString().contains("only administrators"), r.body());
        }
        JsonObject add = new JsonObject();
        add.addProperty("name", "mallory");
        add.addProperty("kind", "admin");
        add.addProperty("password", "x");
        assertEquals(403, client.send("POST", "api/v1/accounts", add).status());
        assertTrue(fixture.accounts.find("home", "mallory").isEmpty());

        assertEquals(200, client.login("root", "rootpw").status());
        assertEquals(200, client.get("api/v1/pairing").status());
        assertEquals(200, client.get("api/v1/audit").status());
        JsonArray accounts = client.get("api/v1/accounts").json().getAsJsonArray("accounts");
        assertEquals(4, accounts.size());
        assertFalse(accounts.toString().contains("pbkdf2") || accounts.toString().contains("argon"),
                "no hash is ever listed");
    }

    @Test
    void anAdminManagesAccountsAndAChangedPasswordEndsTheOtherLogins() throws Exception {
        assertEquals(200, client.login("root", "rootpw").status());
        JsonObject add = new JsonObject();
        add.addProperty("name", "carol");
        add.addProperty("kind", "user");
        add.addProperty("password", "carolpw");
        assertEquals(201, client.send("POST", "api/v1/accounts", add).status());
        ConsoleClient carol = new ConsoleClient(URI.create(fixture.server.console().orElseThrow().url()),
                fixture.root);
        assertEquals(200, carol.login("carol", "carolpw").status());

        JsonObject rights = new JsonObject();
        JsonArray read = new JsonArray();
        read.add("gina*.exp");
        rights.add("read", read);
        rights.add("write", new JsonArray());
        ConsoleClient.Response changed = client.send("PUT", "api/v1/accounts/carol/rights", rights);
        assertEquals(200, changed.status(), changed.body());
        assertEquals(List.of("gina*.exp"), fixture.accounts.find("home", "carol").orElseThrow().rules().read());
        JsonArray bad = new JsonArray();
        bad.add("no-dot");
        rights.add("read", bad);
        ConsoleClient.Response refused = client.send("PUT", "api/v1/accounts/carol/rights", rights);
        assertEquals(400, refused.status());
        assertEquals("read", refused.json().get("field").getAsString());

        JsonObject pw = new JsonObject();
        pw.addProperty("password", "newcarolpw");
        assertEquals(204, client.send("POST", "api/v1/accounts/carol/password", pw).status());
        assertEquals(401, carol.get("api/v1/devices").status(), "carol's old login ended with her password");
        assertEquals(200, carol.login("carol", "newcarolpw").status());

        assertEquals(409, client.send("DELETE", "api/v1/accounts/root", null).status(), "an admin keeps itself");
        assertEquals(204, client.send("DELETE", "api/v1/accounts/carol", null).status());
        assertEquals(401, carol.get("api/v1/devices").status(), "a removed account is logged out at once");
        String audit = Files.readString(dir.resolve("audit.log"));
        assertTrue(audit.contains("user=console:root action=account-add target=carol.home result=ok"), audit);
        assertTrue(audit.contains("action=account-remove target=carol.home result=ok"), audit);
        assertFalse(audit.contains("newcarolpw"));
    }

    @Test
    void sessionsEndWhenIdleOrTooOldAndAtLogout() throws Exception {
        assertEquals(200, client.login("alice", "alicepw").status());
        clock.advance(Duration.ofMinutes(9));
        assertEquals(200, client.get("api/v1/devices").status());
        clock.advance(Duration.ofMinutes(9));
        assertEquals(200, client.get("api/v1/devices").status(), "use keeps a session alive");
        clock.advance(Duration.ofMinutes(11));
        assertEquals(401, client.get("api/v1/devices").status(), "idle for longer than the idle timeout");

        assertEquals(200, client.login("alice", "alicepw").status());
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofMinutes(9));
            client.get("api/v1/devices");
        }
        assertEquals(401, client.get("api/v1/devices").status(), "older than the absolute lifetime");

        assertEquals(200, client.login("alice", "alicepw").status());
        ConsoleClient.Response out = client.send("POST", "api/v1/logout", null);
        assertEquals(204, out.status());
        assertTrue(out.header("Set-Cookie").contains("Max-Age=0"));
        assertEquals(401, client.get("api/v1/devices").status());
    }

    @Test
    void aLiveViewEndsWithItsLoginSession() throws Exception {
        assertEquals(200, client.login("alice", "alicepw").status());
        java.net.http.HttpResponse<java.util.stream.Stream<String>> stream =
                client.stream("api/v1/devices/gina3.home/events");
        assertEquals(200, stream.statusCode());
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Threads.start("sse-reader", () -> stream.body().forEach(lines::add));
        try {
            assertEquals("event: device", lines.poll(20, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(lines.poll(20, java.util.concurrent.TimeUnit.SECONDS).contains("\"id\":\"gina3.home\""));
            assertEquals(204, client.send("POST", "api/v1/logout", null).status());
            String line;
            do {
                line = lines.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            } while (line != null && !line.startsWith("event: "));
            assertEquals("event: end", line, "the stream says why it ends once the session is gone");
            assertTrue(lines.poll(20, java.util.concurrent.TimeUnit.SECONDS).contains("login session has ended"));
        } finally {
            stream.body().close();
        }
        ConsoleClient other = new ConsoleClient(URI.create(fixture.server.console().orElseThrow().url()),
                fixture.root);
        assertEquals(401, other.stream("api/v1/devices/gina3.home/events").statusCode(), "no stream without login");
    }

    @Test
    void aRotatedCertificateServesTheNextConsoleConnection() throws Exception {
        java.math.BigInteger before = client.get("").serverCertificate().getSerialNumber();
        long generation = fixture.server.tlsGeneration();
        org.ioswitch.common.testing.IssuedPem fresh = fixture.org.server(dir, "new", "localhost");
        Path key = fresh.privateKey();
        Path cert = fresh.certificate();
        Files.move(key, dir.resolve("server.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.move(cert, dir.resolve("server.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (fixture.server.tlsGeneration() == generation && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        assertTrue(fixture.server.tlsGeneration() > generation, "the server reloaded its TLS files");
        ConsoleClient next = new ConsoleClient(URI.create(fixture.server.console().orElseThrow().url()), fixture.root);
        java.math.BigInteger after = next.get("").serverCertificate().getSerialNumber();
        assertEquals(fresh.issued().certificate().getSerialNumber(), after, "the new certificate, without a restart");
        assertFalse(before.equals(after));
    }

    @Test
    void badRequestsAreNamedNotCrashed() throws Exception {
        assertEquals(200, client.login("root", "rootpw").status());
        ConsoleClient.Response noMinutes = client.send("POST", "api/v1/pairing/open", new JsonObject());
        assertEquals(400, noMinutes.status());
        assertEquals("minutes", noMinutes.json().get("field").getAsString());
        JsonObject tooLong = new JsonObject();
        tooLong.addProperty("minutes", 100000);
        assertTrue(client.send("POST", "api/v1/pairing/open", tooLong).json().get("error").getAsString()
                .contains("expected 1..1440"));
        JsonObject approve = new JsonObject();
        approve.addProperty("name", "gina");
        approve.addProperty("code", "123456");
        ConsoleClient.Response none = client.send("POST", "api/v1/pairing/approve", approve);
        assertEquals(404, none.status());
        assertEquals("name", none.json().get("field").getAsString());
        assertEquals(404, client.get("api/v1/devices/nosuch.home").status());
        assertEquals(405, client.send("DELETE", "api/v1/devices", null).status());
        assertEquals(404, client.get("api/v1/devices/gina3.home%2F..%2Fx").status());
        ConsoleClient.Response notJson = client.send("POST", "api/v1/accounts", null);
        assertEquals(415, notJson.status(), notJson.body());
    }
}
