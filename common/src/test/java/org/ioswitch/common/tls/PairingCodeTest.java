package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How pairing codes are formed, shown and typed; deriving them from real sessions is tested with pairing. */
class PairingCodeTest {
    @Test
    void codesAreSixDigitsShownWithADashAndTypedEitherWay() {
        assertEquals("000042", PairingCode.fromBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 42}));
        assertEquals("551615", PairingCode.fromBytes(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}),
                "read unsigned: 2^64-1 mod 10^6");
        assertEquals("482-193", PairingCode.display("482193"));
        assertEquals("482193", PairingCode.normalize("482-193"));
        assertEquals("482193", PairingCode.normalize("482 193"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairingCode.normalize("48219"));
        assertEquals("pairing code: expected 6 digits like 482193 or 482-193, got \"48219\"", e.getMessage());
    }

}
