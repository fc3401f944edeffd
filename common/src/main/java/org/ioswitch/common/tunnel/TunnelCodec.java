package org.ioswitch.common.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ioswitch.common.tunnel.TunnelFrame.Ping;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.tunnel.TunnelFrame.StreamClose;
import org.ioswitch.common.tunnel.TunnelFrame.StreamCredit;
import org.ioswitch.common.tunnel.TunnelFrame.StreamData;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.PayloadReader;
import org.ioswitch.common.wire.PayloadWriter;
import org.ioswitch.common.wire.WireException;

/**
 * Encodes and decodes {@link TunnelFrame}s. The reader checks the header's length against the limit before it
 * allocates, then decodes from exactly that payload, checking every length against the bytes left. Bad input raises
 * {@link WireException} with the code for the TUNNEL_CLOSE.
 */
public final class TunnelCodec {
    /** Bytes of a frame header: type, flags, length. */
    public static final int HEADER_LENGTH = 6;
    /** Bytes of a STREAM_DATA payload before the data: the stream id. */
    public static final int DATA_OVERHEAD = 4;
    /** Largest UTF-8 length of a name (network, host, protocol, suite, level, subject). */
    public static final int MAX_NAME_LENGTH = 1024;
    /** Largest UTF-8 length of a close text. */
    public static final int MAX_TEXT_LENGTH = 1024;
    /** Largest number of networks in one PUBLISH. */
    public static final int MAX_NETWORKS = 256;

    private TunnelCodec() {}

    /** The bytes of one frame, header included. */
    public static byte[] encode(TunnelFrame frame) {
        PayloadWriter out = new PayloadWriter(frame.type(), frame.type().code());
        // Java 17: no pattern switch, so an instanceof chain over the sealed types
        if (frame instanceof StreamOpen o) {
            out.u32(o.streamId());
            str(out, o.network());
            str(out, o.clientHost());
            out.u16(o.clientPort());
            str(out, o.tlsProtocol());
            str(out, o.tlsCipherSuite());
            str(out, o.tlsLevel());
            str(out, o.clientSubject());
        } else if (frame instanceof StreamData d) {
            out.u32(d.streamId());
            out.bytes(d.bytes());
        } else if (frame instanceof StreamCredit c) {
            out.u32(c.streamId());
            out.u32(c.bytes());
        } else if (frame instanceof StreamClose c) {
            out.u32(c.streamId());
            out.u16(c.code().code());
            str(out, clip(c.text()));
        } else if (frame instanceof Publish p) {
            out.u16(p.networks().size());
            p.networks().forEach(n -> str(out, n));
        } else if (frame instanceof Ping p) {
            out.u64(p.token());
        } else if (frame instanceof TunnelClose c) {
            out.u16(c.code().code());
            str(out, clip(c.text()));
        }
        return out.frame(0);
    }

    /** A u16-length UTF-8 string; longer than {@link #MAX_NAME_LENGTH} is our bug, not the peer's. */
    private static void str(PayloadWriter out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("string of " + b.length + " bytes exceeds " + MAX_NAME_LENGTH);
        }
        out.u16(b.length);
        out.bytes(b);
    }

    /**
     * Writes one STREAM_DATA frame, header and data, straight to {@code out} (the tunnel writer's buffer): the bulk
     * path, without the intermediate arrays of {@link #encode}.
     */
    static void writeData(OutputStream out, int streamId, byte[] bytes, int off, int len) throws IOException {
        byte[] head = new byte[HEADER_LENGTH + DATA_OVERHEAD];
        head[0] = (byte) TunnelFrameType.STREAM_DATA.code();
        putU32(head, 2, DATA_OVERHEAD + (long) len);
        putU32(head, HEADER_LENGTH, streamId);
        out.write(head);
        out.write(bytes, off, len);
    }

    /**
     * Reads the next frame, or returns null when the stream ends cleanly between frames.
     *
     * @throws WireException for an unknown type, non-zero flags, a length above {@code maxFrameSize}, or a truncated
     *         or malformed frame
     */
    public static TunnelFrame read(InputStream in, int maxFrameSize) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        int got = in.readNBytes(header, 0, header.length);
        if (got == 0) {
            return null;
        }
        if (got < HEADER_LENGTH) {
            throw new WireException(CloseCode.PROTOCOL_ERROR,
                    "tunnel ended inside a frame header: got " + got + " of " + HEADER_LENGTH + " bytes");
        }
        TunnelFrameType type = TunnelFrameType.ofCode(header[0] & 0xFF);
        if (header[1] != 0) {
            throw new WireException(CloseCode.PROTOCOL_ERROR,
                    String.format("%s: unknown flags 0x%02x", type, header[1] & 0xFF));
        }
        long length = ((long) (header[2] & 0xFF) << 24) | ((header[3] & 0xFF) << 16) | ((header[4] & 0xFF) << 8)
                | (header[5] & 0xFF);
        if (length > maxFrameSize) {
            throw new WireException(CloseCode.FRAME_TOO_LARGE,
                    type + ": frame length " + length + " exceeds limit " + maxFrameSize);
        }
        if (type == TunnelFrameType.STREAM_DATA && length >= DATA_OVERHEAD) {
            return readData(in, (int) length);
        }
        byte[] payload = new byte[(int) length];
        got = in.readNBytes(payload, 0, payload.length);
        if (got < payload.length) {
            throw new WireException(CloseCode.PROTOCOL_ERROR,
                    "tunnel ended inside " + type + " frame: payload needs " + length + " bytes, got " + got);
        }
        return decode(type, payload);
    }

    /**
     * The bulk path of {@link #read}: the stream id, then the data read straight into an array of its exact size, so
     * the bytes are copied once here instead of into a payload and then out of it. Same checks as {@link #decode}.
     */
    private static StreamData readData(InputStream in, int length) throws IOException {
        byte[] id = new byte[DATA_OVERHEAD];
        byte[] data = new byte[length - DATA_OVERHEAD];
        int got = in.readNBytes(id, 0, id.length);
        if (got == id.length) {
            got += in.readNBytes(data, 0, data.length);
        }
        if (got < length) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "tunnel ended inside " + TunnelFrameType.STREAM_DATA
                    + " frame: payload needs " + length + " bytes, got " + got);
        }
        return new StreamData(streamId(new PayloadReader(TunnelFrameType.STREAM_DATA, id)), data);
    }

    /** Decodes one payload of a known type. */
    static TunnelFrame decode(TunnelFrameType type, byte[] payload) throws WireException {
        PayloadReader r = new PayloadReader(type, payload);
        TunnelFrame frame = switch (type) {
            case STREAM_OPEN -> new StreamOpen(streamId(r), name(r, "network"), name(r, "clientHost"),
                    r.u16("clientPort"), name(r, "tlsProtocol"), name(r, "tlsCipherSuite"), name(r, "tlsLevel"),
                    name(r, "clientSubject"));
            case STREAM_DATA -> new StreamData(streamId(r), r.bytes("data", r.remaining()));
            case STREAM_CREDIT -> {
                int id = streamId(r);
                long bytes = r.u32("bytes");
                if (bytes == 0 || bytes > Integer.MAX_VALUE) {
                    throw r.error("bytes must be 1.." + Integer.MAX_VALUE + ", was " + bytes);
                }
                yield new StreamCredit(id, (int) bytes);
            }
            case STREAM_CLOSE -> new StreamClose(streamId(r), CloseCode.ofCode(r.u16("code")),
                    r.str("text", MAX_TEXT_LENGTH));
            case PUBLISH, PUBLISHED -> {
                int count = r.u16("count");
                if (count > MAX_NETWORKS) {
                    throw r.error("count " + count + " exceeds limit " + MAX_NETWORKS);
                }
                List<String> networks = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    networks.add(name(r, "network " + i));
                }
                yield new Publish(type == TunnelFrameType.PUBLISHED, networks);
            }
            case PING, PONG -> new Ping(type == TunnelFrameType.PONG, r.u64("token"));
            case TUNNEL_CLOSE -> new TunnelClose(CloseCode.ofCode(r.u16("code")), r.str("text", MAX_TEXT_LENGTH));
        };
        if (r.remaining() != 0) {
            throw r.error(r.remaining() + " unexpected bytes after the last field");
        }
        return frame;
    }

    private static int streamId(PayloadReader r) throws WireException {
        long id = r.u32("streamId");
        if (id == 0 || id > Integer.MAX_VALUE) {
            throw r.error("streamId must be 1.." + Integer.MAX_VALUE + ", was " + id);
        }
        return (int) id;
    }

    private static String name(PayloadReader r, String field) throws WireException {
        return r.str(field, MAX_NAME_LENGTH);
    }

    private static String clip(String text) {
        // a long reason is still useful cut short; stay well under the decoder's limit in any encoding
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
