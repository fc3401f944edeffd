package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.link.CloseReason.Closer;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.OfflineCause;
import org.junit.jupiter.api.Test;

/**
 * How a device session's end reads to operators: one cause per way a link ends, in one table. The end-to-end tests
 * (StaleTest, KnownDeviceTest) show each cause reaching operators from a running system.
 */
class OfflineCauseTest {
    private static OfflineCause cause(CloseCode code, String text, Closer by) {
        return DeviceSession.cause(new CloseReason(code, text, by));
    }

    @Test
    void eachWayASessionEndsHasItsCause() {
        assertEquals(OfflineCause.CLOSED_BY_DEVICE, cause(CloseCode.SHUTDOWN, "device gina3 stopping", Closer.PEER));
        assertEquals(OfflineCause.NETWORK_ERROR, cause(CloseCode.NORMAL, Link.NO_CLOSE_FRAME, Closer.PEER));
        assertEquals(OfflineCause.NETWORK_ERROR, cause(CloseCode.NORMAL, Link.CONNECTION_LOST + ": reset", Closer.PEER));
        assertEquals(OfflineCause.KEEPALIVE_TIMEOUT, cause(CloseCode.TIMEOUT, "no answer for 15 s", Closer.LOCAL));
        assertEquals(OfflineCause.SERVER_SHUTDOWN, cause(CloseCode.SHUTDOWN, "server shutting down", Closer.LOCAL));
        assertEquals(OfflineCause.DEVICE_RESET, cause(CloseCode.NOT_AUTHORIZED, "account gina3 was removed",
                Closer.LOCAL));
        assertEquals(OfflineCause.DEVICE_RESET, cause(CloseCode.AUTH_FAILED, "the password was changed",
                Closer.LOCAL));
        assertEquals(OfflineCause.CLOSED_BY_SERVER, cause(CloseCode.PROTOCOL_ERROR, "DATA block 9", Closer.LOCAL));
        assertEquals(OfflineCause.CLOSED_BY_SERVER, DeviceSession.cause(null), "a link that never started");
    }
}
