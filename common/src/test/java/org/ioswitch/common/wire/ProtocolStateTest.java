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

    @Test
    void eachEndHasItsOwnRowAndARefusalNamesFrameStateAndEnd() throws WireException {
        ProtocolState.LIVE.check(Receiver.DEVICE, FrameType.DATA);
        WireException e = assertThrows(WireException.class,
                () -> ProtocolState.LIVE.check(Receiver.DEVICE, FrameType.SUBSCRIBE));
        assertEquals("SUBSCRIBE is not allowed in state LIVE (device)", e.getMessage());
        assertEquals(CloseCode.PROTOCOL_ERROR, e.code());
        assertTrue(ProtocolState.LIVE.allows(Receiver.SERVER_OPERATOR, FrameType.SUBSCRIBE));
        assertFalse(ProtocolState.LIVE.allows(Receiver.SERVER_DEVICE, FrameType.SUBSCRIBE));
        assertFalse(ProtocolState.LIVE.allows(Receiver.OPERATOR, FrameType.SUBSCRIBE));
        assertTrue(ProtocolState.LIVE.allows(Receiver.OPERATOR, FrameType.DEVICE_LIST));
        assertFalse(ProtocolState.AUTH.allows(Receiver.UPLINK, FrameType.TRUST_BUNDLE));
        assertTrue(ProtocolState.AUTH.allows(Receiver.DEVICE, FrameType.TRUST_BUNDLE));
    }

    @Test
    void aDeviceWaitingForApprovalHearsOnlyKeepaliveAndTheAnswer() {
        for (FrameType t : FrameType.values()) {
            boolean link = t == FrameType.PING || t == FrameType.PONG || t == FrameType.CREDIT || t == FrameType.CLOSE;
            assertEquals(link, ProtocolState.PAIRING.allows(Receiver.SERVER_DEVICE, t), t.toString());
            assertEquals(link || t == FrameType.AUTH_OK, ProtocolState.PAIRING.allows(Receiver.DEVICE, t),
                    t.toString());
        }
    }

    @Test
    void anyEndIsTheUnionOfTheRowsAndSyncIsLive() {
        for (ProtocolState s : ProtocolState.values()) {
            for (FrameType t : FrameType.values()) {
                boolean some = false;
                for (Receiver r : Receiver.values()) {
                    some |= r != Receiver.ANY && s.allows(r, t);
                }
                assertEquals(some, s.allows(t), s + " " + t);
                for (Receiver r : Receiver.values()) {
                    assertEquals(ProtocolState.LIVE.allows(r, t), ProtocolState.SYNC.allows(r, t), r + " " + t);
                }
            }
        }
    }
}
