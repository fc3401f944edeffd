package org.ioswitch.common.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * Bytes for {@code offset .. offset + length} of a memory block, held as a slice {@code source[from .. from+length)}
 * of a larger array: the encoder slices the snapshot itself and the decoder slices the frame's payload, so a 1 MiB
 * block crosses the wire without a copy per range. In a COMPRESSED DATA frame the bytes are the delta + zero-run
 * encoding instead (see {@code org.ioswitch.common.block.ZeroRun}).
 *
 * @param offset first byte in the block
 * @param source the array holding the bytes, not copied: do not change it after handing it over
 * @param from where the bytes start in {@code source}
 * @param length number of bytes
 */
public record Range(int offset, byte[] source, int from, int length) {
    /** Checks the fields. */
    public Range {
        Checks.checkNonNegative(FrameType.DATA, "range offset", offset);
        Objects.requireNonNull(source, "source");
        Objects.checkFromIndexSize(from, length, source.length);
    }

    /** The whole of {@code bytes}, not copied. */
    public Range(int offset, byte[] bytes) {
        this(offset, bytes, 0, bytes.length);
    }

    /** The bytes as an array of exactly {@link #length()} bytes (the source itself when the slice is all of it). */
    public byte[] bytes() {
        return from == 0 && length == source.length ? source : Arrays.copyOfRange(source, from, from + length);
    }

    /** First byte after the range, as a long so it cannot overflow. */
    public long end() {
        return (long) offset + length;
    }

    @Override
    public String toString() {
        return "Range[" + offset + "+" + length + "]";
    }
}
