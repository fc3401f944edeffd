package org.ioswitch.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolStateTest {
    @Test
    void dataIsOnlyAllowedAfterAuthentication() throws WireException {
        Data data = new Data(1, 1, Data.COMPLETE, List.of());
        ProtocolState.LIVE.check(data);
        ProtocolState.SYNC.check(data);
        WireException e = assertThrows(WireException.class, () -> ProtocolState.AUTH.check(data));
        assertEquals("DATA is not allowed in state AUTH", e.getMessage());
        assertEquals(CloseCode.PROTOCOL_ERROR, e.code());
    }

    @Test
    void authFramesOnlyBeforeSyncAndCloseAlmostEverywhere() {
        assertTrue(ProtocolState.AUTH.allows(FrameType.AUTH));
        assertFalse(ProtocolState.LIVE.allows(FrameType.AUTH));
        assertFalse(ProtocolState.HELLO.allows(FrameType.AUTH));
        for (ProtocolState s : ProtocolState.values()) {
            assertEquals(s != ProtocolState.CLOSED, s.allows(FrameType.CLOSE), s.toString());
            assertFalse(s.allows(FrameType.HELLO), "HELLO is read only by readHello");
        }
    }
}
