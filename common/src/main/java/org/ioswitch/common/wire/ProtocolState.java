package org.ioswitch.common.wire;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a connection is in the protocol, and which frames may arrive there. A frame not allowed in the current
 * state is a protocol error.
 * <pre>
 *   HELLO --HELLO / HELLO_ACK--> AUTH --AUTH_OK--> SYNC --first snapshots complete--> LIVE
 *     |                            |                 |                                  |
 *     +----------------------------+-----CLOSE, error, timeout, end of stream-----------+--> CLOSED
 * </pre>
 * SYNC and LIVE allow the same frames: SYNC only marks that the blocks' keyframes (whole images after a
 * (re)connect) are still on their way.
 */
public enum ProtocolState {
    /** Waiting for HELLO (server) or HELLO_ACK (client). */
    HELLO(EnumSet.of(FrameType.HELLO_ACK, FrameType.CLOSE)),
    /** Authenticating, and pairing for a device that asked for the trust bundle. */
    AUTH(EnumSet.of(FrameType.TRUST_REQUEST, FrameType.TRUST_BUNDLE, FrameType.AUTH, FrameType.AUTH_OK,
            FrameType.PAIRING_PENDING, FrameType.PING, FrameType.PONG, FrameType.CLOSE)),
    /** Authenticated; blocks announced and their first snapshots (keyframes) being sent. */
    SYNC(liveFrames()),
    /** Every block resynchronized; changes flow. */
    LIVE(liveFrames()),
    /** Nothing more is read. */
    CLOSED(EnumSet.noneOf(FrameType.class));

    private final Set<FrameType> allowed;

    ProtocolState(Set<FrameType> allowed) {
        this.allowed = allowed;
    }

    private static Set<FrameType> liveFrames() {
        return EnumSet.of(FrameType.BLOCK_ANNOUNCE, FrameType.BLOCK_REMOVE, FrameType.SUBSCRIBE,
                FrameType.UNSUBSCRIBE, FrameType.LIST_DEVICES, FrameType.DEVICE_LIST, FrameType.DATA, FrameType.ACK,
                FrameType.WRITE_RESULT, FrameType.DEVICE_STATUS,
                FrameType.CREDIT, FrameType.PING, FrameType.PONG, FrameType.CLOSE);
    }

    /** True if a frame of this type may arrive in this state (HELLO itself is read by {@link FrameReader#readHello}). */
    public boolean allows(FrameType type) {
        return allowed.contains(type);
    }

    /**
     * Checks an arriving frame.
     *
     * @throws WireException PROTOCOL_ERROR naming the frame type and state
     */
    public void check(Frame frame) throws WireException {
        if (!allows(frame.type())) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, frame.type() + " is not allowed in state " + this);
        }
    }
}
