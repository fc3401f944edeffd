package org.ioswitch.common.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian field writer for one frame; the header's 6 bytes are reserved up front and filled last. */
final class PayloadWriter {
    static final int HEADER_LENGTH = 6;

    private final FrameType type;
    private final ByteArrayOutputStream out;

    PayloadWriter(FrameType type) {
        this(type, 64);
    }

    /** With room for {@code expectedLength} bytes up front, so a large DATA frame is not copied while it grows. */
    PayloadWriter(FrameType type, int expectedLength) {
        this.type = type;
        this.out = new ByteArrayOutputStream(Math.max(64, expectedLength));
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(0);
    }

    void u8(int v) {
        out.write(v);
    }

    void u16(int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    void u32(long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }

    void u64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    void bytes(byte[] b) {
        out.write(b, 0, b.length);
    }

    void str(String field, String s) throws WireException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > WireLimits.U16_MAX) {
            throw new WireException(CloseCode.INTERNAL, type + ": " + field + " is " + b.length + " bytes, limit 65535");
        }
        u16(b.length);
        bytes(b);
    }

    /** The whole frame: header (type, flags, payload length) and payload. */
    byte[] frame(int flags) {
        byte[] f = out.toByteArray();
        int length = f.length - HEADER_LENGTH;
        f[0] = (byte) type.code();
        f[1] = (byte) flags;
        f[2] = (byte) (length >>> 24);
        f[3] = (byte) (length >>> 16);
        f[4] = (byte) (length >>> 8);
        f[5] = (byte) length;
        return f;
    }
}
