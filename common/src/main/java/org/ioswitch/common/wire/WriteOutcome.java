package org.ioswitch.common.wire;

/** What became of an operator's write, as the server reports it in a {@link WriteResult}. */
public enum WriteOutcome {
    /** The device applied the snapshot (or a newer one that contains it). */
    APPLIED(1),
    /** The device refused it: its application or its signal map's min/max; the text says why. */
    REJECTED(2),
    /** The device is offline: the server keeps the value and delivers it when the device reconnects. */
    PENDING(3);

    private final int code;

    WriteOutcome(int code) {
        this.code = code;
    }

    /** The u8 code on the wire. */
    public int code() {
        return code;
    }

    static WriteOutcome ofCode(int code) throws WireException {
        for (WriteOutcome o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        throw new WireException(CloseCode.PROTOCOL_ERROR,
                "WRITE_RESULT: unknown outcome " + code + ", expected 1 (APPLIED), 2 (REJECTED) or 3 (PENDING)");
    }
}
