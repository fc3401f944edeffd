package org.ioswitch.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void readsNamesAddressesAndDefaultPort() {
        assertEquals(new HostPort("cloud.example", 7000), HostPort.parse("cloud.example:7000", 6372));
        assertEquals(new HostPort("cloud.example", 6372), HostPort.parse(" cloud.example ", 6372));
        assertEquals(new HostPort("10.0.0.7", 6369), HostPort.parse("10.0.0.7", 6369));
        assertEquals(new HostPort("::1", 6369), HostPort.parse("[::1]", 6369));
        HostPort v6 = HostPort.parse("[fe80::1]:7000", 6369);
        assertEquals(new HostPort("fe80::1", 7000), v6);
        assertEquals("[fe80::1]:7000", v6.toString());
        assertEquals(v6, HostPort.parse(v6.toString(), 1));
    }

    @Test
    void badTextIsRefusedQuotingItAndSayingWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostPort.parse("cloud.example:seventy", 6372));
        assertEquals("\"cloud.example:seventy\": expected a port 1..65535, got \"seventy\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:70000", 6372));
        assertTrue(e.getMessage().contains("expected a port 1..65535, got \"70000\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(":6369", 6369));
        assertTrue(e.getMessage().contains("host is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("fe80::1:7000", 6369));
        assertTrue(e.getMessage().contains("[ADDR]:PORT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("[fe80::1:7000", 6369));
        assertTrue(e.getMessage().contains("missing ']'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 0));
        assertEquals("port must be 1..65535, was 0", e.getMessage());
    }
}
