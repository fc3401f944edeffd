package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * Bytes for {@code offset .. offset + bytes.length} of a memory block; in a COMPRESSED DATA frame the bytes
 * are the delta + zero-run encoding instead (see {@code org.ioswitch.common.block.ZeroRun}).
 *
 * @param offset first byte in the block
 * @param bytes the bytes, not copied: do not change them after handing them over
 */
public record Range(int offset, byte[] bytes) {
    /** Checks the fields. */
    public Range {
        Checks.checkNonNegative(FrameType.DATA, "range offset", offset);
        Objects.requireNonNull(bytes, "bytes");
    }

    /** Number of bytes carried. */
    public int length() {
        return bytes.length;
    }

    /** First byte after the range, as a long so it cannot overflow. */
    public long end() {
        return (long) offset + bytes.length;
    }

    @Override
    public String toString() {
        return "Range[" + offset + "+" + bytes.length + "]";
    }
}
