package org.ioswitch.common.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
        Out out = new Out();
        // Java 17: no pattern switch, so an instanceof chain over the sealed types
        if (frame instanceof StreamOpen o) {
            out.u32(o.streamId());
            out.str(o.network());
            out.str(o.clientHost());
            out.u16(o.clientPort());
            out.str(o.tlsProtocol());
            out.str(o.tlsCipherSuite());
            out.str(o.tlsLevel());
            out.str(o.clientSubject());
        } else if (frame instanceof StreamData d) {
            out.u32(d.streamId());
            out.writeBytes(d.bytes());
        } else if (frame instanceof StreamCredit c) {
            out.u32(c.streamId());
            out.u32(c.bytes());
        } else if (frame instanceof StreamClose c) {
            out.u32(c.streamId());
            out.u16(c.code().code());
            out.str(clip(c.text()));
        } else if (frame instanceof Publish p) {
            out.u16(p.networks().size());
            p.networks().forEach(out::str);
        } else if (frame instanceof Ping p) {
            out.u64(p.token());
        } else if (frame instanceof TunnelClose c) {
            out.u16(c.code().code());
            out.str(clip(c.text()));
        }
        byte[] payload = out.toByteArray();
        byte[] all = new byte[HEADER_LENGTH + payload.length];
        all[0] = (byte) frame.type().code();
        all[1] = 0;
        putU32(all, 2, payload.length);
        System.arraycopy(payload, 0, all, HEADER_LENGTH, payload.length);
        return all;
    }

    /**
     * Writes one STREAM_DATA frame, header and data, straight to {@code out} (the tunnel writer's buffer): the bulk
     * path, without the intermediate arrays of {@link #encode}.
     */
    static void writeData(OutputStream out, int streamId, byte[] bytes) throws IOException {
        byte[] head = new byte[HEADER_LENGTH + DATA_OVERHEAD];
        head[0] = (byte) TunnelFrameType.STREAM_DATA.code();
        putU32(head, 2, DATA_OVERHEAD + (long) bytes.length);
        putU32(head, HEADER_LENGTH, streamId);
        out.write(head);
        out.write(bytes);
    }

    /**
     * Reads the next frame, or returns null when the stream ends cleanly between frames.
     *
     * @throws WireException for an unknown type, non-zero flags, a length above {@code maxFrameSize}, or a truncated
     *         or malformed frame
     */
    public static TunnelFrame read(InputStream in, int maxFrameSize) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        int got = readUpTo(in, header);
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
        got = readUpTo(in, payload);
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
        int got = readUpTo(in, id);
        if (got == id.length) {
            got += readUpTo(in, data);
        }
        if (got < length) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "tunnel ended inside " + TunnelFrameType.STREAM_DATA
                    + " frame: payload needs " + length + " bytes, got " + got);
        }
        return new StreamData(new In(TunnelFrameType.STREAM_DATA, id).streamId(), data);
    }

    /** Decodes one payload of a known type. */
    static TunnelFrame decode(TunnelFrameType type, byte[] payload) throws WireException {
        In r = new In(type, payload);
        TunnelFrame frame = switch (type) {
            case STREAM_OPEN -> new StreamOpen(r.streamId(), r.str("network"), r.str("clientHost"), r.u16("clientPort"),
                    r.str("tlsProtocol"), r.str("tlsCipherSuite"), r.str("tlsLevel"), r.str("clientSubject"));
            case STREAM_DATA -> new StreamData(r.streamId(), r.rest());
            case STREAM_CREDIT -> {
                int id = r.streamId();
                long bytes = r.u32("bytes");
                if (bytes == 0 || bytes > Integer.MAX_VALUE) {
                    throw r.error("bytes must be 1.." + Integer.MAX_VALUE + ", was " + bytes);
                }
                yield new StreamCredit(id, (int) bytes);
            }
            case STREAM_CLOSE -> new StreamClose(r.streamId(), CloseCode.ofCode(r.u16("code")), r.str("text"));
            case PUBLISH, PUBLISHED -> {
                int count = r.u16("count");
                if (count > MAX_NETWORKS) {
                    throw r.error("count " + count + " exceeds limit " + MAX_NETWORKS);
                }
                List<String> networks = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    networks.add(r.str("network " + i));
                }
                yield new Publish(type == TunnelFrameType.PUBLISHED, networks);
            }
            case PING, PONG -> new Ping(type == TunnelFrameType.PONG, r.u64("token"));
            case TUNNEL_CLOSE -> new TunnelClose(CloseCode.ofCode(r.u16("code")), r.str("text"));
        };
        r.expectEnd();
        return frame;
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

    private static int readUpTo(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    /** Payload builder. */
    private static final class Out extends ByteArrayOutputStream {
        void u16(int v) {
            write(v >>> 8);
            write(v);
        }

        void u32(long v) {
            u16((int) (v >>> 16) & 0xFFFF);
            u16((int) v & 0xFFFF);
        }

        void u64(long v) {
            u32(v >>> 32);
            u32(v & 0xFFFFFFFFL);
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("string of " + b.length + " bytes exceeds " + MAX_NAME_LENGTH);
            }
            u16(b.length);
            writeBytes(b);
        }
    }

    /** Payload cursor: every read is checked against the bytes left. */
    private static final class In {
        private final TunnelFrameType type;
        private final byte[] b;
        private int at;

        In(TunnelFrameType type, byte[] b) {
            this.type = type;
            this.b = b;
        }

        WireException error(String text) {
            return new WireException(CloseCode.PROTOCOL_ERROR, type + ": " + text);
        }

        private void need(String field, int n) throws WireException {
            if (b.length - at < n) {
                throw error(field + " needs " + n + " bytes at offset " + at + ", only " + (b.length - at) + " left");
            }
        }

        int u16(String field) throws WireException {
            need(field, 2);
            int v = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
            at += 2;
            return v;
        }

        long u32(String field) throws WireException {
            need(field, 4);
            long v = ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8)
                    | (b[at + 3] & 0xFF);
            at += 4;
            return v;
        }

        long u64(String field) throws WireException {
            need(field, 8);
            return (u32(field) << 32) | u32(field);
        }

        int streamId() throws WireException {
            long id = u32("streamId");
            if (id == 0 || id > Integer.MAX_VALUE) {
                throw error("streamId must be 1.." + Integer.MAX_VALUE + ", was " + id);
            }
            return (int) id;
        }

        String str(String field) throws WireException {
            int length = u16(field + " length");
            int limit = field.equals("text") ? MAX_TEXT_LENGTH : MAX_NAME_LENGTH;
            if (length > limit) {
                throw error(field + " length " + length + " exceeds limit " + limit);
            }
            need(field, length);
            try {
                String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b, at, length)).toString();
                at += length;
                return s;
            } catch (CharacterCodingException e) {
                throw error(field + " is not valid UTF-8");
            }
        }

        byte[] rest() {
            byte[] r = java.util.Arrays.copyOfRange(b, at, b.length);
            at = b.length;
            return r;
        }

        void expectEnd() throws WireException {
            if (at != b.length) {
                throw error((b.length - at) + " unexpected bytes after the last field");
            }
        }
    }
}
