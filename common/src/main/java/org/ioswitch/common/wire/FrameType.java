package org.ioswitch.common.wire;

/** Frame types and their one-byte codes on the wire; a code not listed here is a protocol error. */
public enum FrameType {
    HELLO(0x01),
    HELLO_ACK(0x02),
    TRUST_REQUEST(0x03),
    TRUST_BUNDLE(0x04),
    AUTH(0x05),
    AUTH_OK(0x06),
    PAIRING_PENDING(0x07),
    BLOCK_ANNOUNCE(0x10),
    BLOCK_REMOVE(0x11),
    SUBSCRIBE(0x12),
    UNSUBSCRIBE(0x13),
    LIST_DEVICES(0x14),
    DEVICE_LIST(0x15),
    DATA(0x20),
    ACK(0x21),
    WRITE_RESULT(0x23),
    DEVICE_STATUS(0x16),
    CREDIT(0x22),
    PING(0x30),
    PONG(0x31),
    CLOSE(0x3F);

    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The type byte on the wire. */
    public int code() {
        return code;
    }

    /**
     * The type for a code read from the wire.
     *
     * @throws WireException PROTOCOL_ERROR when the code is not a known frame type
     */
    public static FrameType ofCode(int code) throws WireException {
        FrameType t = code >= 0 && code < 256 ? BY_CODE[code] : null;
        if (t == null) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, String.format("unknown frame type 0x%02x", code));
        }
        return t;
    }
}
