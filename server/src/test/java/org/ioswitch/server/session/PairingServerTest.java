package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.ioswitch.common.testing.MovableClock;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.PairingPending;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.TrustBundle;
import org.ioswitch.common.wire.TrustRequest;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.admin.AdminClient;
import org.ioswitch.server.admin.AdminException;
import org.ioswitch.server.cli.ServerCommand;
import org.ioswitch.server.pairing.PairingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pairing on the server over real TLS: a scripted new device, the admin channel, the state files. */
class PairingServerTest {
    private static final String SECRET_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String SECRET_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    Path dir;

    private ServerFixture fixture() throws Exception {
        return new ServerFixture(dir).account("home", "admin", AccountKind.ADMIN, "admin-pw");
    }

    private static JsonObject admin(Path dir, String command, Object... namesAndValues) throws AdminException {
        return AdminClient.call(dir, command, namesAndValues);
    }

    /** A new device up to PAIRING_PENDING; returns the peer, whose own code must equal the server's. */
    private static ScriptedPeer pending(ServerFixture f, String identity, String secret) throws Exception {
        ScriptedPeer p = ScriptedPeer.bootstrap(f.port());
        p.hello(Role.DEVICE, "home", Hello.NEED_TRUST_BUNDLE);
        HelloAck ack = p.expect(HelloAck.class);
        assertEquals(HelloAck.PAIRING_OPEN, ack.flags() & HelloAck.PAIRING_OPEN, "pairing is open");
        p.send(new TrustRequest());
        TrustBundle bundle = p.expect(TrustBundle.class);
        assertArrayEquals(f.ca.certificate().getEncoded(), bundle.derCertificates().get(0));
        p.secret(identity, secret, "pi4");
        PairingPending pp = p.expect(PairingPending.class);
        assertEquals(p.pairingCode(), pp.pairingCode(), "both ends derive the same code from one TLS session");
        return p;
    }

    @Test
    void closedPairingRefusesTheTrustRequestWithAReason() throws Exception {
        try (ServerFixture f = fixture().start(); ScriptedPeer p = ScriptedPeer.bootstrap(f.port())) {
            p.hello(Role.DEVICE, "home", Hello.NEED_TRUST_BUNDLE);
            assertEquals(0, p.expect(HelloAck.class).flags() & HelloAck.PAIRING_OPEN);
            p.send(new TrustRequest());
            Close c = p.expectClose();
            assertEquals(CloseCode.PAIRING_CLOSED, c.code());
            assertEquals("pairing is closed on home: an admin opens it with 'ioswitch server pairing open'", c.text());
        }
    }

    @Test
    void approvedDeviceGetsItsNumberOnTheOpenConnectionAndKeepsIt() throws Exception {
        try (ServerFixture f = fixture().start()) {
            admin(dir, "pairing-open", "minutes", 10);
            try (ScriptedPeer p = pending(f, "gina*.home", SECRET_A)) {
                JsonObject list = admin(dir, "devices");
                JsonObject entry = list.getAsJsonArray("pending").get(0).getAsJsonObject();
                assertEquals("gina*.home", entry.get("requestedId").getAsString());
                assertEquals("pi4", entry.get("boardType").getAsString());
                assertFalse(Files.readString(dir.resolve("pairing.json")).contains(SECRET_A), "never the secret");
                String code = p.pairingCode();
                assertFalse(entry.has("code"), "never the server's code: the admin types what the board shows, "
                        + entry);

                assertEquals("approved gina1.home", admin(dir, "approve", "name", "gina", "code", code)
                        .get("message").getAsString());
                assertEquals("gina1.home", p.expect(AuthOk.class).identity());
                JsonObject paired = admin(dir, "devices").getAsJsonArray("devices").asList().stream()
                        .map(e -> e.getAsJsonObject()).filter(e -> e.get("id").getAsString().equals("gina1.home"))
                        .findFirst().orElseThrow();
                assertTrue(paired.get("online").getAsBoolean(), "approved and connected: " + paired);
                assertEquals("pi4", paired.get("boardType").getAsString());
            }
            // The next connection, with the number or asking again, is the same device.
            for (String id : new String[] {"gina1.home", "gina*.home"}) {
                try (ScriptedPeer p = ScriptedPeer.connect(f)) {
                    p.hello(Role.DEVICE, "home");
                    p.expect(HelloAck.class);
                    p.secret(id, SECRET_A, "pi4");
                    assertEquals("gina1.home", p.expect(AuthOk.class).identity());
                }
            }
            String audit = Files.readString(dir.resolve("audit.log"));
            assertTrue(audit.contains("action=pairing-open"), audit);
            assertTrue(audit.contains("action=approve target=gina result=ok approved gina1.home"), audit);
            assertTrue(audit.contains("user=" + System.getProperty("user.name")), audit);
        }
    }

    @Test
    void aDeviceThatStoppedWaitingIsLetInAtItsNextConnectionAlsoAfterARestart() throws Exception {
        String code;
        try (ServerFixture f = fixture().start()) {
            admin(dir, "pairing-open", "minutes", 10);
            try (ScriptedPeer p = pending(f, "gina*.home", SECRET_A)) {
                code = p.pairingCode();
            }
        }
        try (ServerFixture f = new ServerFixture(dir).start()) {
            JsonObject list = admin(dir, "devices");
            assertTrue(list.get("pairingOpen").getAsBoolean(), "the window survives the restart");
            assertEquals(1, list.getAsJsonArray("pending").size(), "so does the pending device");
            admin(dir, "approve", "name", "gina*", "code", code);
            admin(dir, "pairing-close");
            try (ScriptedPeer p = ScriptedPeer.connect(f)) {
                p.hello(Role.DEVICE, "home");
                p.expect(HelloAck.class);
                p.secret("gina*.home", SECRET_A, "pi4");
                assertEquals("gina1.home", p.expect(AuthOk.class).identity(), "no pairing window needed any more");
            }
        }
    }

    @Test
    void wrongCodesCountAgainstTheApprovalNotAgainstThePendingDevices() throws Exception {
        try (ServerFixture f = fixture().start()) {
            admin(dir, "pairing-open", "minutes", 10);
            try (ScriptedPeer a = pending(f, "gina*.home", SECRET_A);
                 ScriptedPeer b = pending(f, "gina*.home", SECRET_B)) {
                String wrong = "000000".equals(a.pairingCode()) || "000000".equals(b.pairingCode())
                        ? ("000001".equals(a.pairingCode()) || "000001".equals(b.pairingCode()) ? "000002" : "000001")
                        : "000000";
                AdminException e = assertThrows(AdminException.class,
                        () -> admin(dir, "approve", "name", "gina", "code", wrong));
                assertTrue(e.getMessage().startsWith("wrong pairing code for gina (wrong code 1 of 3)"),
                        e.getMessage());
                assertEquals(1, admin(dir, "devices").getAsJsonArray("pending").get(0).getAsJsonObject()
                        .get("wrongCodes").getAsInt());
                assertThrows(AdminException.class, () -> admin(dir, "approve", "name", "gina", "code", wrong));
                assertThrows(AdminException.class, () -> admin(dir, "approve", "name", "gina", "code", wrong));

                assertEquals(2, admin(dir, "devices").getAsJsonArray("pending").size(),
                        "three mistyped codes drop no pending device");
                AdminException locked = assertThrows(AdminException.class,
                        () -> admin(dir, "approve", "name", "gina", "code", a.pairingCode()));
                assertTrue(locked.getMessage().contains("refused after 3 wrong codes"), locked.getMessage());
                assertTrue(admin(dir, "pairing-status").get("message").getAsString()
                        .contains("wrong codes for gina: 3 of 3"));

                admin(dir, "pairing-open", "minutes", 10);
                admin(dir, "approve", "name", "gina", "code", a.pairingCode());
                assertEquals("gina1.home", a.expect(AuthOk.class).identity());
                assertEquals(1, admin(dir, "devices").getAsJsonArray("pending").size(), "the other one still waits");
            }
            assertTrue(Files.readString(dir.resolve("audit.log")).contains("action=approve target=gina result=refused"));
        }
    }

    @Test
    void rejectedDeviceIsToldWhyAndStaysRejectedForThePendingTtl() throws Exception {
        MovableClock clock = new MovableClock();
        try (ServerFixture f = fixture()) {
            f.start(f.options().build(), clock);
            admin(dir, "pairing-open", "minutes", 180);
            try (ScriptedPeer p = pending(f, "gina3.home", SECRET_A)) {
                admin(dir, "reject", "name", "gina3");
                Close c = p.expectClose();
                assertEquals(CloseCode.PAIRING_REJECTED, c.code());
                assertEquals("pairing of gina3.home was rejected by an admin", c.text());
            }
            try (ScriptedPeer p = ScriptedPeer.bootstrap(f.port())) {
                p.hello(Role.DEVICE, "home");
                p.expect(HelloAck.class);
                p.secret("gina3.home", SECRET_A, "pi4");
                Close c = p.expectClose();
                assertEquals(CloseCode.PAIRING_REJECTED, c.code());
                assertEquals("pairing of gina3.home was rejected by an admin; reset the device to ask again", c.text());
            }
            assertEquals(0, admin(dir, "devices").getAsJsonArray("pending").size(), "no new pending entry");
            clock.advance(PairingOptions.DEFAULT_PENDING_TTL);
            try (ScriptedPeer p = pending(f, "gina3.home", SECRET_A)) {
                assertEquals(1, admin(dir, "devices").getAsJsonArray("pending").size(), "asked again after the TTL");
            }
        }
    }

    @Test
    void pendingDevicesExpire() throws Exception {
        MovableClock clock = new MovableClock();
        try (ServerFixture f = fixture()) {
            f.start(f.options().build(), clock);
            admin(dir, "pairing-open", "minutes", 120);
            try (ScriptedPeer p = pending(f, "gina*.home", SECRET_A)) {
                clock.advance(PairingOptions.DEFAULT_PENDING_TTL.minusSeconds(1));
                assertEquals(1, admin(dir, "devices").getAsJsonArray("pending").size());
                clock.advance(Duration.ofSeconds(1));
                Close c = p.expectClose();
                assertEquals(CloseCode.TIMEOUT, c.code());
                assertTrue(c.text().contains("expired without approval"), c.text());
            }
            assertEquals(0, admin(dir, "devices").getAsJsonArray("pending").size());
            clock.advance(Duration.ofMinutes(60));
            assertFalse(admin(dir, "devices").get("pairingOpen").getAsBoolean(), "the window's time is up too");
        }
    }

    @Test
    void numbersAreStableAcrossRestartsAndAFixedNameIsNotTakenTwice() throws Exception {
        try (ServerFixture f = fixture().account("home", "gina5", AccountKind.DEVICE, "by-hand-password").start()) {
            admin(dir, "pairing-open", "minutes", 10);
            for (String secret : new String[] {SECRET_A, SECRET_B}) {
                try (ScriptedPeer p = pending(f, "gina*.home", secret)) {
                    admin(dir, "approve", "name", "gina", "code", p.pairingCode());
                    p.expect(AuthOk.class);
                }
            }
        }
        try (ServerFixture f = new ServerFixture(dir).start()) {
            for (String[] expect : new String[][] {{SECRET_A, "gina6.home"}, {SECRET_B, "gina7.home"}}) {
                try (ScriptedPeer p = ScriptedPeer.connect(f)) {
                    p.hello(Role.DEVICE, "home");
                    p.expect(HelloAck.class);
                    p.secret("gina*.home", expect[0], "pi4");
                    assertEquals(expect[1], p.expect(AuthOk.class).identity(), "numbers follow gina5, kept");
                }
            }
            try (ScriptedPeer p = ScriptedPeer.connect(f)) {
                p.hello(Role.DEVICE, "home");
                p.expect(HelloAck.class);
                p.secret("gina6.home", SECRET_B, "pi4");
                Close c = p.expectClose();
                assertEquals(CloseCode.AUTH_FAILED, c.code());
                assertEquals("this device was paired as gina7.home, not gina6.home", c.text());
            }
            try (ScriptedPeer p = ScriptedPeer.connect(f)) {
                p.hello(Role.DEVICE, "home");
                p.expect(HelloAck.class);
                p.secret("gina5.home", "cccccccccccccccccccccccccccccccccccc", "pi4");
                Close c = p.expectClose();
                assertEquals(CloseCode.AUTH_FAILED, c.code());
                assertEquals("gina5.home is held by another device (its secret differs)", c.text());
            }
        }
    }

    @Test
    void aFixedNumberIsKeptAndASecondDeviceAskingForItIsRefused() throws Exception {
        try (ServerFixture f = fixture().start()) {
            admin(dir, "pairing-open", "minutes", 10);
            try (ScriptedPeer p = pending(f, "pump3.home", SECRET_A)) {
                assertEquals("approved pump3.home", admin(dir, "approve", "name", "pump3", "code", p.pairingCode())
                        .get("message").getAsString());
                assertEquals("pump3.home", p.expect(AuthOk.class).identity());
            }
            try (ScriptedPeer p = ScriptedPeer.bootstrap(f.port())) {
                p.hello(Role.DEVICE, "home");
                p.expect(HelloAck.class);
                p.secret("pump3.home", SECRET_B, "pi4");
                Close c = p.expectClose();
                assertEquals(CloseCode.AUTH_FAILED, c.code());
                assertEquals("pump3.home is held by another device (its secret differs)", c.text());
            }
        }
    }

    @Test
    void aFloodOfNewDevicesFromOneAddressIsThrottled() throws Exception {
        try (ServerFixture f = fixture()) {
            f.start(f.options().pairing(PairingOptions.builder().maxNewPerAddress(2).build()).build());
            admin(dir, "pairing-open", "minutes", 10);
            try (ScriptedPeer a = pending(f, "gina*.home", SECRET_A);
                 ScriptedPeer b = pending(f, "gina*.home", SECRET_B);
                 ScriptedPeer c = ScriptedPeer.bootstrap(f.port())) {
                c.hello(Role.DEVICE, "home");
                c.expect(HelloAck.class);
                c.secret("gina*.home", "cccccccccccccccccccccccccccccccccccc", "pi4");
                Close close = c.expectClose();
                assertEquals(CloseCode.LIMIT, close.code());
                assertEquals("too many new pairing requests from 127.0.0.1 (2 per 60 s); retry later", close.text());
                assertEquals(2, admin(dir, "devices").getAsJsonArray("pending").size());
            }
        }
    }

    @Test
    void pairingClosesItselfWhenAWindowsAttemptsAreSpentAndStatusSaysWhy() throws Exception {
        try (ServerFixture f = fixture()) {
            f.start(f.options().pairing(PairingOptions.builder().maxHandshakesPerWindow(2).build()).build());
            admin(dir, "pairing-open", "minutes", 10);
            // A new device's attempt is a trust request and a pending login on one connection: it counts once.
            try (ScriptedPeer a = pending(f, "gina*.home", SECRET_A);
                 ScriptedPeer b = pending(f, "gina*.home", SECRET_B)) {
                assertEquals(2, admin(dir, "pairing-status").get("attempts").getAsInt());
                try (ScriptedPeer p = ScriptedPeer.bootstrap(f.port())) {
                    p.hello(Role.DEVICE, "home", Hello.NEED_TRUST_BUNDLE);
                    p.expect(HelloAck.class);
                    p.send(new TrustRequest());
                    Close c = p.expectClose();
                    assertEquals(CloseCode.PAIRING_CLOSED, c.code());
                    assertTrue(c.text().contains("too many pairing attempts"), c.text());
                }
            }
            JsonObject status = admin(dir, "pairing-status");
            assertFalse(status.get("pairingOpen").getAsBoolean());
            assertEquals("abuse: 2 pairing attempts, the last from 127.0.0.1", status.get("closedBy").getAsString());

            java.io.StringWriter out = new java.io.StringWriter();
            int code = org.ioswitch.server.cli.ServerCommand.commandLine(new java.io.PrintWriter(out, true),
                    new java.io.PrintWriter(new java.io.StringWriter(), true), "pairing", "status", "--dir",
                    dir.toString()).execute("pairing", "status", "--dir", dir.toString());
            assertEquals(0, code);
            assertTrue(out.toString().startsWith("pairing is closed\nlast closed "), out.toString());
            assertTrue(out.toString().contains("by abuse: 2 pairing attempts, the last from 127.0.0.1"),
                    out.toString());

            admin(dir, "pairing-close");
            assertTrue(admin(dir, "pairing-status").get("closedBy").getAsString().startsWith("admin "));
        }
    }

    @Test
    void autoApproveLetsADeviceInWithoutAnAdmin() throws Exception {
        try (ServerFixture f = fixture()) {
            f.start(f.options().pairing(PairingOptions.builder().autoApprove(true).build()).build());
            try (ScriptedPeer p = pending(f, "gina*.home", SECRET_A)) {
                assertEquals("gina1.home", p.expect(AuthOk.class).identity());
            }
            assertEquals("auto-approve", f.server.pairing().known().get(0).approvedBy());
        }
    }

    @Test
    void autoApprovedDeviceIsWrittenToTheAuditLogBeforeItIsLetIn() throws Exception {
        try (ServerFixture f = fixture()) {
            f.start(f.options().pairing(PairingOptions.builder().autoApprove(true).build()).build());
            String code;
            try (ScriptedPeer p = pending(f, "gina*.home", SECRET_A)) {
                code = p.pairingCode();
                assertEquals("gina1.home", p.expect(AuthOk.class).identity());
            }
            // Read right after AUTH_OK, without waiting: the line is appended before the device is told.
            List<String> audit = Files.readAllLines(dir.resolve("audit.log"));
            assertEquals(1, audit.size(), audit.toString());
            String secret = f.server.pairing().known().get(0).secretId().substring(0, 16);
            assertTrue(audit.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*"), audit.get(0));
            assertEquals("user=auto-approve action=approve target=gina*.home result=ok approved gina1.home (code "
                    + code.substring(0, 3) + "-" + code.substring(3) + ", board pi4, from 127.0.0.1, secret sha256:"
                    + secret + ")", audit.get(0).substring(21));
        }
    }

    @Test
    void withoutAutoApproveAPendingDeviceWritesNothingAndAnAdminApprovalOneLine() throws Exception {
        try (ServerFixture f = fixture().start()) {
            admin(dir, "pairing-open", "minutes", 10);
            try (ScriptedPeer p = pending(f, "gina*.home", SECRET_A)) {
                JsonObject pending = admin(dir, "devices").getAsJsonArray("pending").get(0).getAsJsonObject();
                assertEquals("gina*.home", pending.get("requestedId").getAsString(), "still waiting for an admin");
                List<String> audit = Files.readAllLines(dir.resolve("audit.log"));
                assertEquals(1, audit.size(), audit.toString());
                assertTrue(audit.get(0).contains(" action=pairing-open "), audit.get(0));

                admin(dir, "approve", "name", "gina", "code", p.pairingCode());
                assertEquals("gina1.home", p.expect(AuthOk.class).identity());
            }
            List<String> audit = Files.readAllLines(dir.resolve("audit.log"));
            assertEquals(2, audit.size(), "the admin's approval is written once: " + audit);
            assertTrue(audit.get(1).contains(" user=" + System.getProperty("user.name")
                    + " action=approve target=gina result=ok approved gina1.home"), audit.get(1));
            assertFalse(String.join("\n", audit).contains("auto-approve"), audit.toString());
        }
    }

    @Test
    void aPlainPasswordLoginCannotAskForANumber() throws Exception {
        try (ServerFixture f = fixture().start(); ScriptedPeer p = ScriptedPeer.connect(f)) {
            p.hello(Role.DEVICE, "home");
            p.expect(HelloAck.class);
            p.auth("gina*.home", "some-password");
            Close c = p.expectClose();
            assertEquals(CloseCode.AUTH_FAILED, c.code());
            assertEquals("identity gina*.home asks for a number, which needs pairing: AUTH with kind DEVICE_SECRET",
                    c.text());
        }
    }

    @Test
    void adminSocketIsOwnerOnlyAndTheCliSaysWhenNoServerRuns() throws Exception {
        try (ServerFixture f = fixture().start()) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("admin.sock"))));
            StringWriter out = new StringWriter();
            String[] args = {"pairing", "open", "--minutes", "5", "--dir", dir.toString()};
            assertEquals(0, ServerCommand.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()), args)
                    .execute(args));
            assertTrue(out.toString().startsWith("pairing is open until "), out.toString());
        }
        assertFalse(Files.exists(dir.resolve("admin.sock")), "removed at shutdown");
        StringWriter err = new StringWriter();
        String[] args = {"devices", "--dir", dir.toString()};
        assertEquals(1, ServerCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err), args)
                .execute(args));
        assertTrue(err.toString().startsWith("server devices: no server runs in " + dir), err.toString());
    }

    @Test
    void aSecondServerInTheSameDirectoryIsRefusedAndAStaleSocketIsReplaced() throws Exception {
        try (ServerFixture f = fixture().start()) {
            java.io.IOException e = assertThrows(java.io.IOException.class,
                    () -> HomeServer.start(f.options().build()));
            assertEquals("a server already runs in " + dir + " (" + dir.resolve("admin.sock") + " answers)",
                    e.getMessage());
            admin(dir, "devices");
        }
        Files.writeString(dir.resolve("admin.sock"), "left behind by a killed server");
        try (ServerFixture f = new ServerFixture(dir).start()) {
            assertFalse(admin(dir, "devices").get("pairingOpen").getAsBoolean(), "the new server answers");
        }
    }

    @Test
    void aDirectoryTooDeepForAUnixSocketRunsWithoutTheAdminChannelAndTheCliSaysWhy() throws Exception {
        Path deep = Files.createDirectories(dir.resolve("x".repeat(110)));
        try (ServerFixture f = new ServerFixture(deep).account("home", "admin", AccountKind.ADMIN, "pw").start()) {
            assertFalse(Files.exists(deep.resolve("admin.sock")));
            AdminException e = assertThrows(AdminException.class, () -> admin(deep, "devices"));
            assertTrue(e.getMessage().contains("does not fit the 103 bytes a Unix socket path may have"),
                    e.getMessage());
        }
    }

    @Test
    void aManInTheMiddleShowsADifferentCodeOnEachSide() throws Exception {
        try (ServerFixture f = fixture().start(); TlsRelay relay = TlsRelay.start(f.port())) {
            admin(dir, "pairing-open", "minutes", 10);
            try (ScriptedPeer p = ScriptedPeer.bootstrap(relay.port())) {
                p.hello(Role.DEVICE, "home", Hello.NEED_TRUST_BUNDLE);
                p.expect(HelloAck.class);
                p.send(new TrustRequest());
                p.expect(TrustBundle.class);
                p.secret("gina*.home", SECRET_A, "pi4");
                String serverCode = p.expect(PairingPending.class).pairingCode();
                assertNotEquals(serverCode, p.pairingCode(), "the device shows the code of its own session");
                // The admin types what the board shows; the server compares it with its own session's code.
                AdminException wrong = assertThrows(AdminException.class,
                        () -> admin(dir, "approve", "name", "gina", "code", p.pairingCode()));
                assertTrue(wrong.getMessage().contains("wrong pairing code"), wrong.getMessage());
            }
        }
    }

    @Test
    void aWaitingDeviceThatAnnouncesABlockIsClosedWithAProtocolErrorNamingPairing() throws Exception {
        try (ServerFixture f = fixture().start()) {
            admin(dir, "pairing-open", "minutes", 10);
            try (ScriptedPeer p = pending(f, "gina*.home", SECRET_A)) {
                p.send(new org.ioswitch.common.wire.BlockAnnounce(0, "gina1.home", "exp",
                        org.ioswitch.common.wire.Direction.UP, 32, 0));
                Close c = p.expectClose();
                assertEquals(CloseCode.PROTOCOL_ERROR, c.code());
                assertEquals("BLOCK_ANNOUNCE is not allowed in state PAIRING (device session)", c.text());
            }
        }
    }
}
