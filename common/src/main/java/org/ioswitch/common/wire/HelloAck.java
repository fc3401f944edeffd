package org.ioswitch.common.wire;

/**
 * The server's answer to {@link Hello}.
 * <pre>
 *   header:  type=0x02 | flags u8 (PAIRING_OPEN=0x01) | length=10
 *   payload: version u16 | maxFrameSize u32 | keepaliveMillis u32
 * </pre>
 *
 * @param version the protocol version the server will speak, u16
 * @param maxFrameSize largest payload the server accepts
 * @param flags {@link #PAIRING_OPEN}
 * @param keepaliveMillis interval at which each side sends PING when otherwise idle
 */
public record HelloAck(int version, int maxFrameSize, int flags, int keepaliveMillis) implements Frame {
    /** Default keepalive interval: 5 s. */
    public static final int DEFAULT_KEEPALIVE_MILLIS = 5_000;
    /** Default time after which a silent peer is dropped: 15 s (3 keepalive intervals). */
    public static final int DEFAULT_DEAD_PEER_MILLIS = 15_000;
    /** The server accepts pairing requests now. */
    public static final int PAIRING_OPEN = 0x01;

    /** Checks the fields. */
    public HelloAck {
        Checks.checkU16(FrameType.HELLO_ACK, "version", version);
        Checks.checkNonNegative(FrameType.HELLO_ACK, "maxFrameSize", maxFrameSize);
        Checks.checkFlags(FrameType.HELLO_ACK, flags, PAIRING_OPEN);
        Checks.checkNonNegative(FrameType.HELLO_ACK, "keepaliveMillis", keepaliveMillis);
    }

    @Override
    public FrameType type() {
        return FrameType.HELLO_ACK;
    }
}
