package org.ioswitch.common.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounded view of exactly one frame's payload. Every read checks the bytes left first and fails with a
 * {@link WireException} naming the frame type and field, so a frame can never read into the next one. The session
 * codec and the tunnel codec ({@code TunnelCodec}) both read through it.
 */
public final class PayloadReader {
    /** A frame type of either protocol: named in every error. */
    private final Object type;
    private final byte[] buf;
    private final int end;
    private int pos;

    /** A view of the whole {@code payload} of a frame of {@code type} (a session or tunnel frame type). */
    public PayloadReader(Object type, byte[] payload) {
        this(type, payload, payload.length);
    }

    /** A view of {@code payload[0 .. length)} (a reused buffer may be longer than this frame). */
    PayloadReader(Object type, byte[] payload, int length) {
        this.type = type;
        this.buf = payload;
        this.end = length;
    }

    /** Bytes not read yet. */
    public int remaining() {
        return end - pos;
    }

    private void need(String field, long n) throws WireException {
        if (n > remaining()) {
            throw error(field + " needs " + n + " bytes, " + remaining() + " left");
        }
    }

    /** A PROTOCOL_ERROR naming the frame type: {@code TYPE: text}. */
    public WireException error(String text) {
        return new WireException(CloseCode.PROTOCOL_ERROR, type + ": " + text);
    }

    /** An unsigned byte. */
    public int u8(String field) throws WireException {
        need(field, 1);
        return buf[pos++] & 0xFF;
    }

    /** A big-endian unsigned 16-bit field. */
    public int u16(String field) throws WireException {
        need(field, 2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** A big-endian unsigned 32-bit field. */
    public long u32(String field) throws WireException {
        need(field, 4);
        long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /** A u32 that must fit a non-negative int and lie in {@code min..max}. */
    int u32In(String field, long min, long max) throws WireException {
        long v = u32(field);
        if (v < min || v > max) {
            throw error(field + " must be " + min + ".." + max + ", was " + v);
        }
        return (int) v;
    }

    /** A big-endian 64-bit field. */
    public long u64(String field) throws WireException {
        need(field, 8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    /** Steps over {@code n} bytes and returns where they start in {@link #payload()}. */
    int skip(String field, int n) throws WireException {
        need(field, n);
        int start = pos;
        pos += n;
        return start;
    }

    /** The payload array itself (for slices of it; see {@link #skip}). */
    byte[] payload() {
        return buf;
    }

    /** A copy of the next {@code n} bytes. */
    public byte[] bytes(String field, int n) throws WireException {
        need(field, n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** A u16-length UTF-8 string of at most {@code maxBytes} bytes, validated. */
    public String str(String field, int maxBytes) throws WireException {
        int n = u16(field + " length");
        if (n > maxBytes) {
            throw error(field + " length " + n + " exceeds limit " + maxBytes);
        }
        need(field, n);
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String s = dec.decode(ByteBuffer.wrap(buf, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw error(field + " is not valid UTF-8");
        }
    }

    /** Fails if bytes are left over: trailing garbage inside a frame is an error. */
    public void expectEnd() throws WireException {
        if (remaining() != 0) {
            throw error(remaining() + " trailing bytes after the last field");
        }
    }
}
