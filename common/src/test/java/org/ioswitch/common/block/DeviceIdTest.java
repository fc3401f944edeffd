package org.ioswitch.common.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceIdTest {
    @Test
    void parsesNumberedWildcardAndPlainIds() throws DeviceIdException {
        DeviceId gina3 = DeviceId.parse("gina3.pekkahome");
        assertEquals(new DeviceId("gina", 3, "pekkahome"), gina3);
        assertEquals("gina3.pekkahome", gina3.toString());
        DeviceId any = DeviceId.parse("gina*.pekkahome");
        assertTrue(any.isWildcard());
        assertEquals("gina*.pekkahome", any.toString());
        assertTrue(any.matches(gina3));
        assertFalse(gina3.matches(any.withNumber(4)));
        assertEquals("gina7.pekkahome", any.withNumber(7).toString());
        DeviceId plain = DeviceId.parse("Frank_.my-net_2");
        assertFalse(plain.hasNumber());
        assertEquals("Frank_.my-net_2", plain.toString());
        assertEquals(999_999_999, DeviceId.parse("x999999999.n").number());
        assertEquals(0, DeviceId.parse("x0.n").number());
    }

    private static String refused(String text) {
        return assertThrows(DeviceIdException.class, () -> DeviceId.parse(text)).getMessage();
    }

    @Test
    void badIdsAreRefusedWithTheReason() {
        assertEquals("device id \"gina3\": no network, expected name[number].network like gina3.pekkahome", refused("gina3"));
        assertEquals("device id \"3.pekkahome\": name is empty, expected letters or _", refused("3.pekkahome"));
        assertEquals("device id \"gi3na3.pekkahome\": name \"gi3na\" has '3', expected only letters and _",
                refused("gi3na3.pekkahome"));
        assertEquals("device id \"gina3.Pekka\": network \"Pekka\" has 'P', expected only a-z, 0-9, _ and -",
                refused("gina3.Pekka"));
        assertEquals("device id \"gina03.n\": number \"03\" has a leading zero", refused("gina03.n"));
        assertEquals("device id \"gina3*.n\": number \"3*\" must be digits or a single *", refused("gina3*.n"));
        assertEquals("device id \"g1234567890.n\": number \"1234567890\" has more than 9 digits", refused("g1234567890.n"));
        assertEquals("device id \"abcdefghijklmnop1.n\": name \"abcdefghijklmnop\" is 16 characters, limit 15",
                refused("abcdefghijklmnop1.n"));
        assertEquals("device id \"g.\": network is empty, expected [a-z0-9_-]+", refused("g."));
        assertEquals("device id \"g.a.b\": network \"a.b\" has '.', expected only a-z, 0-9, _ and -", refused("g.a.b"));
        assertEquals("device id is empty, expected name[number].network like gina3.pekkahome", refused(""));
        assertThrows(IllegalArgumentException.class, () -> new DeviceId("gina", -5, "n"));
    }
}
