package org.ioswitch.device.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.junit.jupiter.api.Test;

class SwitchboxTest {
    final TlsOptions tls = TlsOptions.builder().build();

    @Test
    void addressDefaultsToPort6372() {
        assertEquals(new ServerAddress("relay.example.com", 6372), Switchbox.of("relay.example.com", tls).address());
        assertEquals(new ServerAddress("relay", 7000), Switchbox.of("relay:7000", tls).address());
        assertEquals(new ServerAddress("::1", 6372), Switchbox.of("[::1]", tls).address());
        assertEquals(new ServerAddress("::1", 7000), Switchbox.of("[::1]:7000", tls).address());
    }

    @Test
    void badAddressNamesTheSwitchbox() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Switchbox.of("relay:x", tls));
        assertTrue(e.getMessage().startsWith("switchbox ") && e.getMessage().contains("\"x\""), e.getMessage());
    }

    @Test
    void endToEndUnlessRelayClearIsAskedFor() {
        Switchbox box = Switchbox.of("relay", tls);
        assertFalse(box.relayClear());
        assertTrue(box.withRelayClear(true).relayClear());
        assertEquals("switchbox relay:6372 (RELAY_CLEAR)", box.withRelayClear(true).toString());
    }

    @Test
    void noRouteAtAllIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Routes.open(List.of(), tls, null));
        assertTrue(e.getMessage().contains("switchbox"), e.getMessage());
    }

    @Test
    void routesTryTheServersDirectlyThenTheSwitchbox() throws Exception {
        // Opening reads no peer: an unverified level needs no trust files.
        TlsOptions unverified = TlsOptions.builder().requiredLevel(SecurityLevel.TLS).build();
        try (Routes routes = Routes.open(List.of(ServerAddress.parse("home:6369")), unverified,
                Switchbox.of("relay", unverified).withRelayClear(true))) {
            assertEquals(2, routes.list().size());
            assertFalse(routes.list().get(0).relayed());
            assertTrue(routes.list().get(1).relayed() && routes.list().get(1).relayClear());
            assertEquals("switchbox relay:6372 (RELAY_CLEAR)", routes.list().get(1).toString());
        }
    }
}
