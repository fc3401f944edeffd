package org.ioswitch.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.List;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.pairing.Pairing;
import org.ioswitch.server.pairing.PairingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin commands without a server: bad requests are answered with the reason, and every action is audited. */
class AdminCommandsTest {
    @TempDir
    Path dir;

    private AdminCommands commands() throws Exception {
        AccountStore accounts = AccountStore.open(dir);
        return new AdminCommands(Pairing.open(dir, PairingOptions.defaults(), accounts, InstantSource.system()),
                accounts, new AuditLog(dir, InstantSource.system()), id -> false);
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void badRequestsAreRefusedWithTheReasonAndAudited() throws Exception {
        AdminCommands c = commands();
        JsonObject a = c.handle(json("{\"command\":\"pairing-open\",\"minutes\":0}"), "pekka");
        assertFalse(a.get("ok").getAsBoolean());
        assertEquals("pairing-open: minutes: expected 1..1440, got 0", a.get("message").getAsString());
        a = c.handle(json("{\"command\":\"reboot\"}"), "pekka");
        assertEquals("unknown command \"reboot\", expected devices, approve, reject, pairing-open, pairing-close or "
                + "pairing-status",
                a.get("message").getAsString());
        a = c.handle(json("{\"command\":\"approve\",\"name\":\"gina\",\"code\":\"12\"}"), "pekka");
        assertEquals("pairing code: expected 6 digits like 482193 or 482-193, got \"12\"",
                a.get("message").getAsString());
        a = c.handle(json("{\"command\":\"approve\",\"name\":\"gina\",\"code\":\"123-456\"}"), "pekka");
        assertEquals("no pending device named \"gina\" (none is pending)", a.get("message").getAsString());
        a = c.handle(json("{\"command\":\"reject\"}"), "pekka");
        assertEquals("name: expected a non-empty string", a.get("message").getAsString());

        List<String> audit = Files.readAllLines(dir.resolve(AuditLog.FILE_NAME));
        assertEquals(5, audit.size(), String.join("\n", audit));
        assertTrue(audit.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ user=pekka action=pairing-open "
                + "target=- result=refused pairing-open: minutes: expected 1\\.\\.1440, got 0"), audit.get(0));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(AuditLog.FILE_NAME))));
    }

    @Test
    void openAndCloseChangeTheWindowAndListingIsNotAudited() throws Exception {
        AdminCommands c = commands();
        assertTrue(c.handle(json("{\"command\":\"pairing-open\",\"minutes\":5}"), "pekka").get("ok").getAsBoolean());
        assertTrue(c.handle(json("{\"command\":\"devices\"}"), "pekka").get("pairingOpen").getAsBoolean());
        c.handle(json("{\"command\":\"pairing-close\"}"), "pekka");
        assertFalse(c.handle(json("{\"command\":\"devices\"}"), "pekka").get("pairingOpen").getAsBoolean());
        List<String> audit = Files.readAllLines(dir.resolve(AuditLog.FILE_NAME));
        assertEquals(2, audit.size(), String.join("\n", audit));
        assertTrue(audit.get(1).endsWith("action=pairing-close target=- result=ok pairing is closed"), audit.get(1));
    }
}
