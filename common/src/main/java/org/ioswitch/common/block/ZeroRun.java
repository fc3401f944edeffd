package org.ioswitch.common.block;

import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;

/**
 * Delta + zero-run compression, iocom style. The delta is {@code newest - base} per byte (mod 256), so unchanged
 * bytes become zeros; the delta is then written as groups
 * <pre>
 *   literalCount u8 (0..255) | literal bytes | zeroCount u8 (0..255)
 * </pre>
 * repeated to the end. An isolated zero stays inside a literal run. Used only where it is shorter than raw.
 */
public final class ZeroRun {
    private ZeroRun() {}

    /**
     * Encodes {@code newest[offset .. offset+length)} as a delta against {@code base}, or returns null when the
     * result would not be shorter than {@code length} (then send raw).
     */
    public static byte[] encode(byte[] base, byte[] newest, int offset, int length) {
        if (length <= 3) {
            return null;
        }
        int unchanged = ByteCompare.countEqual(base, newest, offset, offset + length);
        // Only runs of unchanged bytes shrink. Below a quarter unchanged the gain is small and the attempt is not
        // free: on a block rewritten wholesale it used to cost two thirds of the writer's time.
        if (unchanged < length / 4) {
            return null;
        }
        byte[] out = new byte[length];
        int o = 0;
        int i = 0;
        while (i < length) {
            int litStart = i;
            while (i < length && i - litStart < 255 && !(newest[offset + i] == base[offset + i]
                    && (i + 1 >= length || newest[offset + i + 1] == base[offset + i + 1]))) {
                i++;
            }
            int literals = i - litStart;
            if (o + literals + 2 >= length) {
                return null;
            }
            out[o++] = (byte) literals;
            for (int k = offset + litStart; k < offset + i; k++) {
                out[o++] = (byte) (newest[k] - base[k]);
            }
            int zeros = 0;
            while (i < length && newest[offset + i] == base[offset + i] && zeros < 255) {
                zeros++;
                i++;
            }
            out[o++] = (byte) zeros;
        }
        return java.util.Arrays.copyOf(out, o);
    }

    /**
     * The number of bytes {@code encoded} stands for, checking its structure.
     *
     * @throws WireException if a group is cut short
     */
    public static int decodedLength(byte[] encoded) throws WireException {
        return decodedLength(encoded, 0, encoded.length);
    }

    /** As {@link #decodedLength(byte[])} for {@code encoded[from .. from+length)}. */
    public static int decodedLength(byte[] encoded, int from, int length) throws WireException {
        long n = 0;
        int i = from;
        int to = from + length;
        while (i < to) {
            int lit = encoded[i++] & 0xFF;
            if (i + lit + 1 > to) {
                throw new WireException(CloseCode.PROTOCOL_ERROR, "compressed range: group at byte " + (i - 1 - from)
                        + " needs " + (lit + 1) + " more bytes, " + (to - i) + " left");
            }
            i += lit;
            int zeros = encoded[i++] & 0xFF;
            n += lit + zeros;
        }
        return (int) n;
    }

    /**
     * Writes {@code base + delta} into {@code target} from {@code offset}; call {@link #decodedLength} first and
     * check the range fits.
     */
    public static void decode(byte[] encoded, byte[] base, byte[] target, int offset) {
        decode(encoded, 0, encoded.length, base, target, offset);
    }

    /** As {@link #decode(byte[], byte[], byte[], int)} for {@code encoded[from .. from+length)}. */
    public static void decode(byte[] encoded, int from, int length, byte[] base, byte[] target, int offset) {
        int at = offset;
        int i = from;
        int to = from + length;
        while (i < to) {
            int lit = encoded[i++] & 0xFF;
            for (int k = 0; k < lit; k++, at++) {
                target[at] = (byte) (base[at] + encoded[i++]);
            }
            int zeros = encoded[i++] & 0xFF;
            System.arraycopy(base, at, target, at, zeros);
            at += zeros;
        }
    }
}
