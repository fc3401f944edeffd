package org.ioswitch.common.wire;

/** Why a connection was closed; carried as u16 in a CLOSE frame and in every {@link WireException}. */
public enum CloseCode {
    /** Orderly end, nothing wrong. */
    NORMAL(0),
    /** The peer sent bytes that break the protocol (bad type, count, offset, string, state). */
    PROTOCOL_ERROR(1),
    /** A frame length was above the negotiated maximum. */
    FRAME_TOO_LARGE(2),
    /** Identity or credential was not accepted. */
    AUTH_FAILED(3),
    /** Authenticated, but not allowed to do what was asked. */
    NOT_AUTHORIZED(4),
    /** The network named in the hello is not served here. */
    UNKNOWN_NETWORK(5),
    /** The device asked to pair but pairing is not open. */
    PAIRING_CLOSED(6),
    /** An administrator rejected the pairing. */
    PAIRING_REJECTED(7),
    /** A step or the keepalive timed out. */
    TIMEOUT(8),
    /** The process is shutting down. */
    SHUTDOWN(9),
    /** A configured limit (blocks, connections, rate) was reached. */
    LIMIT(10),
    /** A bug or unexpected failure on the closing side. */
    INTERNAL(11),
    /** The peer's protocol version is not supported. */
    UNSUPPORTED_VERSION(12),
    /** The same identity connected again; this older connection is replaced. */
    REPLACED(13),
    /** Between switchbox cluster nodes: the network is not (or no longer) served by this node; look again. */
    NOT_HERE(14),
    /** The network is moving to another switchbox node; the text says when to retry. */
    MOVING(15),
    /** The switchbox cluster's registry (etcd) cannot be reached; a publish is refused until it can. */
    REGISTRY_UNAVAILABLE(16);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    /** The u16 code on the wire. */
    public int code() {
        return code;
    }

    /**
     * The close code for a value read from the wire.
     *
     * @throws WireException PROTOCOL_ERROR for an unknown code
     */
    public static CloseCode ofCode(int code) throws WireException {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new WireException(PROTOCOL_ERROR, "CLOSE: unknown close code " + code);
    }
}
