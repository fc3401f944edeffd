package org.ioswitch.common.wire;

/** Which way a memory block's data flows. */
public enum Direction {
    /** Device to server and on to subscribers (e.g. {@code exp}). */
    UP(1),
    /** Server or operator to device (e.g. {@code imp}). */
    DOWN(2);

    private final int code;

    Direction(int code) {
        this.code = code;
    }

    /** The u8 code on the wire. */
    public int code() {
        return code;
    }

    static Direction ofCode(FrameType type, int code) throws WireException {
        for (Direction d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        throw new WireException(CloseCode.PROTOCOL_ERROR,
                type + ": unknown direction " + code + ", expected 1 (UP) or 2 (DOWN)");
    }
}
