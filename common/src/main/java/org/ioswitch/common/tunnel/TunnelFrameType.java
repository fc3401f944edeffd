package org.ioswitch.common.tunnel;

import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;

/** Tunnel frame types and their u8 codes; the codes do not overlap the wire protocol's. */
public enum TunnelFrameType {
    /** {@link TunnelFrame.StreamOpen}. */
    STREAM_OPEN(0x41),
    /** {@link TunnelFrame.StreamData}. */
    STREAM_DATA(0x42),
    /** {@link TunnelFrame.StreamCredit}. */
    STREAM_CREDIT(0x43),
    /** {@link TunnelFrame.StreamClose}. */
    STREAM_CLOSE(0x44),
    /** {@link TunnelFrame.Publish}, request. */
    PUBLISH(0x45),
    /** {@link TunnelFrame.Publish}, answer. */
    PUBLISHED(0x46),
    /** {@link TunnelFrame.Ping}, probe. */
    PING(0x50),
    /** {@link TunnelFrame.Ping}, answer. */
    PONG(0x51),
    /** {@link TunnelFrame.TunnelClose}. */
    TUNNEL_CLOSE(0x5F);

    private final int code;

    TunnelFrameType(int code) {
        this.code = code;
    }

    /** The u8 code on the wire. */
    public int code() {
        return code;
    }

    /**
     * The type for a code read from the wire.
     *
     * @throws WireException PROTOCOL_ERROR for an unknown code
     */
    public static TunnelFrameType ofCode(int code) throws WireException {
        for (TunnelFrameType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new WireException(CloseCode.PROTOCOL_ERROR, String.format("tunnel: unknown frame type 0x%02x", code));
    }
}
