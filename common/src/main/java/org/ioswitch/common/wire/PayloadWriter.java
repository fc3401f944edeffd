package org.ioswitch.common.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Big-endian field writer for one frame; the header's 6 bytes (type, flags, payload length: the same layout for
 * session and tunnel frames) are reserved up front and filled last. Writes into one array: a frame sized right up
 * front (DATA) is returned as that array, never copied. The session codec and the tunnel codec both write through it.
 */
public final class PayloadWriter {
    static final int HEADER_LENGTH = 6;

    /** A frame type of either protocol: named in errors. */
    private final Object type;
    /** The type byte of the header. */
    private final int typeCode;
    private byte[] buf;
    private int pos = HEADER_LENGTH;

    PayloadWriter(FrameType type) {
        this(type, 64);
    }

    /** With room for {@code expectedLength} bytes (header included) up front. */
    PayloadWriter(FrameType type, int expectedLength) {
        this(type, type.code(), new byte[Math.max(HEADER_LENGTH, expectedLength)]);
    }

    /** Writing into {@code scratch}, which is replaced by a larger array if the frame outgrows it. */
    PayloadWriter(FrameType type, byte[] scratch) {
        this(type, type.code(), scratch.length >= HEADER_LENGTH ? scratch : new byte[64]);
    }

    /** A frame of {@code type} (any protocol's) whose header byte is {@code typeCode}. */
    public PayloadWriter(Object type, int typeCode) {
        this(type, typeCode, new byte[64]);
    }

    private PayloadWriter(Object type, int typeCode, byte[] buf) {
        this.type = type;
        this.typeCode = typeCode;
        this.buf = buf;
    }

    /** The array holding the frame (the scratch array given, or a larger one). */
    byte[] array() {
        return buf;
    }

    /** Bytes written so far, header included. */
    int length() {
        return pos;
    }

    private void room(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2));
        }
    }

    void u8(int v) {
        room(1);
        buf[pos++] = (byte) v;
    }

    /** A big-endian 16-bit field. */
    public void u16(int v) {
        room(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    /** A big-endian 32-bit field. */
    public void u32(long v) {
        room(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    /** A big-endian 64-bit field. */
    public void u64(long v) {
        room(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    /** The bytes as they are. */
    public void bytes(byte[] b) {
        bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int from, int length) {
        room(length);
        System.arraycopy(b, from, buf, pos, length);
        pos += length;
    }

    void str(String field, String s) throws WireException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > WireLimits.U16_MAX) {
            throw new WireException(CloseCode.INTERNAL, type + ": " + field + " is " + b.length + " bytes, limit 65535");
        }
        u16(b.length);
        bytes(b);
    }

    /** The whole frame: header (type, flags, payload length) and payload, in an array of exactly its size. */
    public byte[] frame(int flags) {
        header(flags);
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }

    /** Fills in the header (type, flags, payload length) once the payload is written. */
    void header(int flags) {
        int length = pos - HEADER_LENGTH;
        buf[0] = (byte) typeCode;
        buf[1] = (byte) flags;
        buf[2] = (byte) (length >>> 24);
        buf[3] = (byte) (length >>> 16);
        buf[4] = (byte) (length >>> 8);
        buf[5] = (byte) length;
    }
}
