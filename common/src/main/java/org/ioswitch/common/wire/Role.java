package org.ioswitch.common.wire;

/** What kind of peer opens a connection, announced in the hello. */
public enum Role {
    /** An IO device that owns memory blocks. */
    DEVICE(1),
    /** An operator client: console, dashboard, test. */
    OPERATOR(2),
    /** A network service, e.g. a home server publishing its network to a switchbox. */
    SERVICE(3);

    private final int code;

    Role(int code) {
        this.code = code;
    }

    /** The u8 code on the wire. */
    public int code() {
        return code;
    }

    static Role ofCode(int code) throws WireException {
        for (Role r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new WireException(CloseCode.PROTOCOL_ERROR, "HELLO: unknown role " + code + ", expected 1..3");
    }
}
