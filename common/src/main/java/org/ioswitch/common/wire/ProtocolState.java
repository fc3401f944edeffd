package org.ioswitch.common.wire;

import static org.ioswitch.common.wire.FrameType.ACK;
import static org.ioswitch.common.wire.FrameType.AUTH_OK;
import static org.ioswitch.common.wire.FrameType.BLOCK_ANNOUNCE;
import static org.ioswitch.common.wire.FrameType.BLOCK_REMOVE;
import static org.ioswitch.common.wire.FrameType.CLOSE;
import static org.ioswitch.common.wire.FrameType.CREDIT;
import static org.ioswitch.common.wire.FrameType.DATA;
import static org.ioswitch.common.wire.FrameType.DEVICE_STATUS;
import static org.ioswitch.common.wire.FrameType.DEVICE_LIST;
import static org.ioswitch.common.wire.FrameType.HELLO_ACK;
import static org.ioswitch.common.wire.FrameType.LIST_DEVICES;
import static org.ioswitch.common.wire.FrameType.PAIRING_PENDING;
import static org.ioswitch.common.wire.FrameType.PING;
import static org.ioswitch.common.wire.FrameType.PONG;
import static org.ioswitch.common.wire.FrameType.SUBSCRIBE;
import static org.ioswitch.common.wire.FrameType.TRUST_BUNDLE;
import static org.ioswitch.common.wire.FrameType.TRUST_REQUEST;
import static org.ioswitch.common.wire.FrameType.UNSUBSCRIBE;
import static org.ioswitch.common.wire.FrameType.WRITE_RESULT;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a connection is in the protocol, and which frames each end ({@link Receiver}) may receive there. A frame
 * outside its row is a PROTOCOL_ERROR naming the frame and the state; the client handshake, the server's handshake
 * and every {@code Link} check it before a handler runs.
 * <pre>
 *   HELLO --HELLO / HELLO_ACK--> AUTH --AUTH_OK--> SYNC --first snapshots complete--> LIVE
 *     |                            |  PAIRING_PENDING --> PAIRING --AUTH_OK--> LIVE
 *     +----------------------------+-----CLOSE, error, timeout, end of stream------------+--> CLOSED
 * </pre>
 * SYNC and LIVE allow the same frames: SYNC only names the time the blocks' keyframes (whole images after a
 * (re)connect) are on their way; a link starts in LIVE. HELLO itself is never in a row: {@link FrameReader#readHello}
 * reads it, and reads nothing else.
 *
 * <p>A new frame type gets a row entry here for each end that receives it (see {@link #table()}), a method in
 * {@code FrameHandler.ByType} if a link delivers it, and a line in {@code docs/protocol.md} §4.
 */
public enum ProtocolState {
    /** Waiting for HELLO (server) or HELLO_ACK (client). */
    HELLO,
    /** Authenticating, and fetching the trust bundle for a device that has none. */
    AUTH,
    /** A new device waits for an admin's approval; only keepalive, then AUTH_OK. */
    PAIRING,
    /** Authenticated; blocks announced and their first snapshots (keyframes) being sent. */
    SYNC,
    /** Every block resynchronized; changes flow. */
    LIVE,
    /** Nothing more is read. */
    CLOSED;

    /** What a link handles itself, in every state after authentication (and while pairing). */
    private static final Set<FrameType> LINK = EnumSet.of(PING, PONG, CREDIT, CLOSE);

    private static final Map<Receiver, Map<ProtocolState, Set<FrameType>>> TABLE = table();

    /** The table: per receiving end, per state, the frames that may arrive. Add a new frame type here. */
    private static Map<Receiver, Map<ProtocolState, Set<FrameType>>> table() {
        Map<Receiver, Map<ProtocolState, Set<FrameType>>> t = new EnumMap<>(Receiver.class);
        row(t, Receiver.DEVICE)
                .in(HELLO, HELLO_ACK, CLOSE)
                .in(AUTH, TRUST_BUNDLE, AUTH_OK, PAIRING_PENDING, CLOSE)
                .linkIn(PAIRING, AUTH_OK)
                .live(DATA);
        row(t, Receiver.OPERATOR)
                .in(HELLO, HELLO_ACK, CLOSE)
                .in(AUTH, AUTH_OK, CLOSE)
                .live(DEVICE_LIST, BLOCK_ANNOUNCE, BLOCK_REMOVE, DATA, ACK, DEVICE_STATUS, WRITE_RESULT);
        row(t, Receiver.UPLINK)
                .in(HELLO, HELLO_ACK, CLOSE)
                .in(AUTH, AUTH_OK, CLOSE);
        row(t, Receiver.SERVER_DEVICE)
                .in(AUTH, TRUST_REQUEST, FrameType.AUTH, CLOSE)
                .linkIn(PAIRING)
                .live(BLOCK_ANNOUNCE, BLOCK_REMOVE, DATA, ACK);
        row(t, Receiver.SERVER_OPERATOR)
                .in(AUTH, TRUST_REQUEST, FrameType.AUTH, CLOSE)
                .live(LIST_DEVICES, SUBSCRIBE, UNSUBSCRIBE, DATA);
        row(t, Receiver.SWITCHBOX)
                .in(AUTH, FrameType.AUTH, CLOSE);
        Row any = row(t, Receiver.ANY);
        for (Receiver r : Receiver.values()) {
            if (r != Receiver.ANY) {
                t.get(r).forEach((state, types) -> any.add(state, types));
            }
        }
        return t;
    }

    /** True if some end may receive a frame of this type in this state. */
    public boolean allows(FrameType type) {
        return allows(Receiver.ANY, type);
    }

    /** True if {@code receiver} may receive a frame of this type in this state. */
    public boolean allows(Receiver receiver, FrameType type) {
        return TABLE.get(receiver).getOrDefault(this, Set.of()).contains(type);
    }

    /**
     * Checks an arriving frame against what some end may receive.
     *
     * @throws WireException PROTOCOL_ERROR naming the frame type and state
     */
    public void check(Frame frame) throws WireException {
        check(Receiver.ANY, frame.type());
    }

    /**
     * Checks an arriving frame against what {@code receiver} may receive in this state.
     *
     * @throws WireException PROTOCOL_ERROR naming the frame type, the state and the end
     */
    public void check(Receiver receiver, FrameType type) throws WireException {
        if (!allows(receiver, type)) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, type + " is not allowed in state " + this
                    + (receiver == Receiver.ANY ? "" : " (" + receiver + ")"));
        }
    }

    private static Row row(Map<Receiver, Map<ProtocolState, Set<FrameType>>> t, Receiver r) {
        Map<ProtocolState, Set<FrameType>> states = new EnumMap<>(ProtocolState.class);
        t.put(r, states);
        return new Row(states);
    }

    /** Builds one receiver's row. */
    private record Row(Map<ProtocolState, Set<FrameType>> states) {
        Row in(ProtocolState s, FrameType... types) {
            add(s, Set.of(types));
            return this;
        }

        /** The link's own frames and {@code types}. */
        Row linkIn(ProtocolState s, FrameType... types) {
            add(s, LINK);
            return in(s, types);
        }

        /** SYNC and LIVE: the link's own frames and {@code types}. */
        Row live(FrameType... types) {
            linkIn(SYNC, types);
            return linkIn(LIVE, types);
        }

        void add(ProtocolState s, Set<FrameType> types) {
            states.computeIfAbsent(s, k -> EnumSet.noneOf(FrameType.class)).addAll(types);
        }
    }
}
