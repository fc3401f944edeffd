package org.ioswitch.common.tunnel;

import static org.ioswitch.common.tunnel.TunnelFrameType.PING;
import static org.ioswitch.common.tunnel.TunnelFrameType.PONG;
import static org.ioswitch.common.tunnel.TunnelFrameType.PUBLISH;
import static org.ioswitch.common.tunnel.TunnelFrameType.PUBLISHED;
import static org.ioswitch.common.tunnel.TunnelFrameType.STREAM_CLOSE;
import static org.ioswitch.common.tunnel.TunnelFrameType.STREAM_CREDIT;
import static org.ioswitch.common.tunnel.TunnelFrameType.STREAM_DATA;
import static org.ioswitch.common.tunnel.TunnelFrameType.STREAM_OPEN;
import static org.ioswitch.common.tunnel.TunnelFrameType.TUNNEL_CLOSE;

import java.util.EnumSet;
import java.util.Set;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;

/**
 * Where a tunnel is, and which tunnel frames each end may receive there: the tunnel's part of the protocol table
 * ({@code ProtocolState} holds the session frames and the hello/auth before a tunnel). A frame outside its row is
 * a PROTOCOL_ERROR naming frame, state and end.
 * <pre>
 *   (HELLO, AUTH: ProtocolState) --PUBLISH / PUBLISHED--> RUNNING --TUNNEL_CLOSE, keepalive timeout, error--> CLOSED
 * </pre>
 * On a home server's tunnel only the switchbox opens streams: a STREAM_OPEN is for the home server end alone. A cluster
 * node link starts RUNNING (it has no PUBLISH) and each node opens streams there.
 */
public enum TunnelState {
    /** After AUTH_OK: the home server sends PUBLISH, the switchbox answers PUBLISHED (or TUNNEL_CLOSE). */
    PUBLISHING,
    /** Streams flow. */
    RUNNING;

    /** Which end of a tunnel reads. */
    public enum End {
        /** The end that opens streams: the switchbox on a home server's tunnel. */
        SWITCHBOX("switchbox end"),
        /** The end that accepts streams: the home server's uplink. */
        HOME("home server end"),
        /** Either end of a cluster node link, which opens streams and accepts the other node's. */
        NODE("node link end");

        private final String text;

        End(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** True if {@code end} may receive a frame of this type in this state. */
    public boolean allows(End end, TunnelFrameType type) {
        return frames(end).contains(type);
    }

    /**
     * Checks an arriving tunnel frame.
     *
     * @throws WireException PROTOCOL_ERROR naming the frame type, the state and the end
     */
    public void check(End end, TunnelFrameType type) throws WireException {
        if (!allows(end, type)) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, type + " is not allowed in state " + this + " ("
                    + end + ")");
        }
    }

    /** The table: add a new tunnel frame type here, for each end that receives it. */
    private Set<TunnelFrameType> frames(End end) {
        return switch (this) {
            case PUBLISHING -> switch (end) {
                case SWITCHBOX -> EnumSet.of(PUBLISH);
                case HOME -> EnumSet.of(PUBLISHED, TUNNEL_CLOSE);
                case NODE -> EnumSet.noneOf(TunnelFrameType.class);
            };
            case RUNNING -> end == End.SWITCHBOX
                    ? EnumSet.of(STREAM_DATA, STREAM_CREDIT, STREAM_CLOSE, PING, PONG, TUNNEL_CLOSE)
                    : EnumSet.of(STREAM_OPEN, STREAM_DATA, STREAM_CREDIT, STREAM_CLOSE, PING, PONG, TUNNEL_CLOSE);
        };
    }
}
