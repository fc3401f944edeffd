package org.ioswitch.common.tunnel;

import java.util.List;
import java.util.Objects;
import org.ioswitch.common.wire.CloseCode;

/**
 * One frame on a tunnel. Every frame travels as
 * <pre>
 *   type u8 | flags u8 (always 0) | length u32 (payload bytes, big-endian) | payload
 * </pre>
 * Strings are {@code length u16 | UTF-8 bytes}. Stream ids are u32, assigned by the switchbox, never 0.
 */
public sealed interface TunnelFrame {

    /** This frame's type. */
    TunnelFrameType type();

    /**
     * The switchbox opens a stream for a client that asked for {@code network}.
     * <pre>
     *   0x41 | streamId u32 | network str | clientHost str | clientPort u16
     *        | tlsProtocol str | tlsCipherSuite str | tlsLevel str | clientSubject str
     * </pre>
     *
     * @param streamId the new stream's id
     * @param network the network the client named in its hello
     * @param clientHost the client's IP address as the switchbox saw it
     * @param clientPort the client's TCP port
     * @param tlsProtocol protocol of the client's outer TLS session, e.g. TLSv1.3
     * @param tlsCipherSuite cipher suite of the outer TLS session
     * @param tlsLevel security level of the outer session (TLS or VERIFIED)
     * @param clientSubject subject of the client's certificate on the outer session, empty when none
     */
    record StreamOpen(int streamId, String network, String clientHost, int clientPort, String tlsProtocol,
            String tlsCipherSuite, String tlsLevel, String clientSubject) implements TunnelFrame {
        /** Checks the fields. */
        public StreamOpen {
            checkStream(streamId);
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(clientHost, "clientHost");
            if (clientPort < 0 || clientPort > 0xFFFF) {
                throw new IllegalArgumentException("STREAM_OPEN: clientPort must be 0..65535, was " + clientPort);
            }
            Objects.requireNonNull(tlsProtocol, "tlsProtocol");
            Objects.requireNonNull(tlsCipherSuite, "tlsCipherSuite");
            Objects.requireNonNull(tlsLevel, "tlsLevel");
            Objects.requireNonNull(clientSubject, "clientSubject");
        }

        /** {@code host:port} of the client. */
        public String clientAddress() {
            return clientHost + ":" + clientPort;
        }

        @Override
        public TunnelFrameType type() {
            return TunnelFrameType.STREAM_OPEN;
        }
    }

    /**
     * Bytes of one stream, within the credit the receiver granted.
     * <pre>
     *   0x42 | streamId u32 | bytes (the rest of the payload)
     * </pre>
     *
     * @param streamId the stream
     * @param bytes the data; not copied
     */
    record StreamData(int streamId, byte[] bytes) implements TunnelFrame {
        /** Checks the fields. */
        public StreamData {
            checkStream(streamId);
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public TunnelFrameType type() {
            return TunnelFrameType.STREAM_DATA;
        }

        @Override
        public String toString() {
            return "StreamData[streamId=" + streamId + ", " + bytes.length + " bytes]";
        }
    }

    /**
     * The receiver consumed bytes: the sender may send {@code bytes} more on this stream.
     * <pre>
     *   0x43 | streamId u32 | bytes u32 (1..2^31-1)
     * </pre>
     *
     * @param streamId the stream
     * @param bytes credit added
     */
    record StreamCredit(int streamId, int bytes) implements TunnelFrame {
        /** Checks the fields. */
        public StreamCredit {
            checkStream(streamId);
            if (bytes <= 0) {
                throw new IllegalArgumentException("STREAM_CREDIT: bytes must be > 0, was " + bytes);
            }
        }

        @Override
        public TunnelFrameType type() {
            return TunnelFrameType.STREAM_CREDIT;
        }
    }

    /**
     * The stream ends, both directions, with a reason; data sent before it is delivered first.
     * <pre>
     *   0x44 | streamId u32 | code u16 | text str
     * </pre>
     *
     * @param streamId the stream
     * @param code why
     * @param text details for the log, may be empty
     */
    record StreamClose(int streamId, CloseCode code, String text) implements TunnelFrame {
        /** Checks the fields. */
        public StreamClose {
            checkStream(streamId);
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public TunnelFrameType type() {
            return TunnelFrameType.STREAM_CLOSE;
        }
    }

    /**
     * The uplink asks to publish networks (after AUTH / AUTH_OK), or the switchbox confirms those it routes here.
     * <pre>
     *   0x45 PUBLISH / 0x46 PUBLISHED | count u16 | network str × count
     * </pre>
     *
     * @param confirmed false for PUBLISH (request), true for PUBLISHED (answer)
     * @param networks the network names
     */
    record Publish(boolean confirmed, List<String> networks) implements TunnelFrame {
        /** Checks and copies the fields. */
        public Publish {
            networks = List.copyOf(networks);
        }

        @Override
        public TunnelFrameType type() {
            return confirmed ? TunnelFrameType.PUBLISHED : TunnelFrameType.PUBLISH;
        }
    }

    /**
     * Keepalive probe or its answer; a PONG echoes the PING's token.
     * <pre>
     *   0x50 PING / 0x51 PONG | token u64
     * </pre>
     *
     * @param pong false for PING, true for PONG
     * @param token any value
     */
    record Ping(boolean pong, long token) implements TunnelFrame {
        @Override
        public TunnelFrameType type() {
            return pong ? TunnelFrameType.PONG : TunnelFrameType.PING;
        }
    }

    /**
     * The whole tunnel ends, with a reason; every stream on it ends too.
     * <pre>
     *   0x5F | code u16 | text str
     * </pre>
     *
     * @param code why
     * @param text details for the log, may be empty
     */
    record TunnelClose(CloseCode code, String text) implements TunnelFrame {
        /** Checks the fields. */
        public TunnelClose {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public TunnelFrameType type() {
            return TunnelFrameType.TUNNEL_CLOSE;
        }
    }

    private static void checkStream(int streamId) {
        if (streamId == 0) {
            throw new IllegalArgumentException("streamId must not be 0");
        }
    }
}
