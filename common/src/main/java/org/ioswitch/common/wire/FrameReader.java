package org.ioswitch.common.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads frames from a stream. The header is read first and its length checked against the limit before the
 * payload is allocated; the payload is then decoded from a view of exactly that length. Bad input raises
 * {@link WireException} whose code should go back in a CLOSE frame. Not thread-safe: one reader thread per
 * connection.
 */
public final class FrameReader {
    private final InputStream in;
    private volatile WireLimits limits;
    /** Reader thread only: when not null, DATA payloads are read into this array, reused frame after frame. */
    private byte[] dataBuffer;
    /** Where frames read are counted, or null. */
    private volatile WireCounters counters;

    /** A reader over {@code in} that enforces {@code limits}. */
    public FrameReader(InputStream in, WireLimits limits) {
        this.in = Objects.requireNonNull(in, "in");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * From now on, reads every DATA frame's payload into one array reused for the next DATA frame, instead of a new
     * array per frame: the ranges of a returned {@link Data} are then valid only until the next {@link #next()}. A
     * link's reader hands each frame to its handler before reading the next, and its handlers copy ranges into
     * their images, so a 1 MiB block is received without allocating (and zeroing) 1 MiB of payload arrays.
     */
    public void reuseDataBuffers() {
        if (dataBuffer == null) {
            dataBuffer = new byte[0];
        }
    }

    /** The limits in force. */
    public WireLimits limits() {
        return limits;
    }

    /** Counts every frame read from now on into {@code counters} (a server's metrics); null stops counting. */
    public void countInto(WireCounters counters) {
        this.counters = counters;
    }

    /** Replaces the limits, e.g. with the maximum frame size this side announced in the hello. */
    public void limits(WireLimits newLimits) {
        this.limits = Objects.requireNonNull(newLimits, "limits");
    }

    /**
     * The next frame, or {@code null} if the stream ended cleanly between frames.
     *
     * @throws WireException for an unknown type, a length above the limit, a truncated or malformed frame
     * @throws IOException when the stream fails
     */
    public Frame next() throws IOException {
        byte[] header = new byte[PayloadWriter.HEADER_LENGTH];
        int got = in.readNBytes(header, 0, header.length);
        if (got == 0) {
            return null;
        }
        if (got < header.length) {
            throw new WireException(CloseCode.PROTOCOL_ERROR,
                    "connection ended inside a frame header: got " + got + " of " + header.length + " bytes");
        }
        FrameType type = FrameType.ofCode(header[0] & 0xFF);
        if (type == FrameType.DATA && dataBuffer != null) {
            int length = checkLength(type, header, limits.maxFrameSize());
            if (dataBuffer.length < length) {
                dataBuffer = new byte[length];
            }
            readFully(in, type, dataBuffer, length);
            count(length);
            return decode(() -> FrameCodec.decodeData(header[1] & 0xFF, dataBuffer, length, limits), type);
        }
        byte[] payload = readPayload(in, type, header, limits.maxFrameSize());
        count(payload.length);
        return decode(() -> FrameCodec.decode(type, header[1] & 0xFF, payload, limits), type);
    }

    /**
     * Reads the preamble and HELLO that open every connection, with the default limits. Reads exactly those bytes,
     * so a {@link FrameReader} on the same stream continues with the next frame.
     *
     * @throws WireException for a wrong magic, a missing or malformed HELLO
     */
    public static Hello readHello(InputStream in) throws IOException {
        return readHello(in, WireLimits.DEFAULT);
    }

    /** As {@link #readHello(InputStream)}, checking names against {@code limits}; the HELLO itself may be 4 KiB. */
    public static Hello readHello(InputStream in, WireLimits limits) throws IOException {
        byte[] pre = new byte[Hello.MAGIC.length + 2];
        int got = in.readNBytes(pre, 0, pre.length);
        if (got < pre.length) {
            throw new WireException(CloseCode.PROTOCOL_ERROR,
                    "connection ended inside the hello preamble: got " + got + " of " + pre.length + " bytes");
        }
        for (int i = 0; i < Hello.MAGIC.length; i++) {
            if (pre[i] != Hello.MAGIC[i]) {
                throw new WireException(CloseCode.PROTOCOL_ERROR,
                        String.format("bad preamble: expected 49 4f 53 57 (IOSW), got %02x %02x %02x %02x",
                                pre[0], pre[1], pre[2], pre[3]));
            }
        }
        int version = ((pre[4] & 0xFF) << 8) | (pre[5] & 0xFF);
        byte[] header = new byte[PayloadWriter.HEADER_LENGTH];
        got = in.readNBytes(header, 0, header.length);
        if (got < header.length) {
            throw new WireException(CloseCode.PROTOCOL_ERROR,
                    "connection ended inside the HELLO header: got " + got + " of " + header.length + " bytes");
        }
        FrameType type = FrameType.ofCode(header[0] & 0xFF);
        if (type != FrameType.HELLO) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "expected HELLO after the preamble, got " + type);
        }
        byte[] payload = readPayload(in, type, header, WireLimits.MIN_FRAME_SIZE);
        Hello hello = (Hello) decode(() -> FrameCodec.decodeHello(version, header[1] & 0xFF, payload, limits), type);
        return hello;
    }

    private interface Decoding {
        Frame run() throws WireException;
    }

    /** Record constructors re-check their fields; turn a rejection there into a protocol error too. */
    private static Frame decode(Decoding d, FrameType type) throws WireException {
        try {
            return d.run();
        } catch (IllegalArgumentException e) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, type + ": " + e.getMessage());
        }
    }

    private static byte[] readPayload(InputStream in, FrameType type, byte[] header, int limit) throws IOException {
        int length = checkLength(type, header, limit);
        byte[] payload = new byte[length];
        readFully(in, type, payload, length);
        return payload;
    }

    private void count(int payloadLength) {
        WireCounters c = counters;
        if (c != null) {
            c.read(PayloadWriter.HEADER_LENGTH + payloadLength);
        }
    }

    /** The header's payload length, checked against the limit before anything is allocated. */
    private static int checkLength(FrameType type, byte[] header, int limit) throws WireException {
        long length = ((long) (header[2] & 0xFF) << 24) | ((header[3] & 0xFF) << 16)
                | ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
        if (length > limit) {
            throw new WireException(CloseCode.FRAME_TOO_LARGE,
                    type + ": frame length " + length + " exceeds limit " + limit);
        }
        return (int) length;
    }

    private static void readFully(InputStream in, FrameType type, byte[] buf, int length) throws IOException {
        int n = 0;
        while (n < length) {
            int r = in.read(buf, n, length - n);
            if (r < 0) {
                throw new WireException(CloseCode.PROTOCOL_ERROR,
                        "connection ended inside " + type + " frame: payload needs " + length + " bytes, got " + n);
            }
            n += r;
        }
    }
}
