package org.ioswitch.common.wire;

import java.util.List;

/**
 * Changed ranges of one snapshot of a block. A snapshot may span several DATA frames with the same
 * {@code snapshotSeq}; the last one carries COMPLETE and only then does the receiver apply the snapshot,
 * atomically. Scattered changes are separate ranges.
 * <pre>
 *   header:  type=0x20 | flags u8 (COMPLETE=0x01, COMPRESSED=0x02, KEYFRAME=0x04) | length
 *   payload: blockId u16 | snapshotSeq u64 | rangeCount u16 |
 *            rangeCount x ( offset u32 | length u32 | bytes )
 * </pre>
 * KEYFRAME: the snapshot starts from an all-zero image instead of the previous one (after a (re)connect).
 * COMPRESSED: each range's bytes are delta (mod 256, against the previous image) + zero-run encoded.
 * The payload bytes count against the receiver's credit ({@link Credit}).
 *
 * @param blockId id from the block's announcement
 * @param snapshotSeq the sender's snapshot number, increasing
 * @param flags {@link #COMPLETE}, {@link #COMPRESSED}, {@link #KEYFRAME}
 * @param ranges the ranges, possibly none (an unchanged snapshot)
 */
public record Data(int blockId, long snapshotSeq, int flags, List<Range> ranges) implements Frame {
    /** The last frame of a snapshot. */
    public static final int COMPLETE = 0x01;
    /** Ranges are delta + zero-run encoded. */
    public static final int COMPRESSED = 0x02;
    /** The snapshot starts from an all-zero image. */
    public static final int KEYFRAME = 0x04;
    /** Bytes before the ranges: blockId, snapshotSeq, rangeCount. */
    public static final int FIXED_OVERHEAD = 2 + 8 + 2;
    /** Bytes each range adds before its data: offset, length. */
    public static final int RANGE_OVERHEAD = 4 + 4;

    /** Checks and copies the fields. */
    public Data {
        Checks.checkU16(FrameType.DATA, "blockId", blockId);
        Checks.checkFlags(FrameType.DATA, flags, COMPLETE | COMPRESSED | KEYFRAME);
        ranges = List.copyOf(ranges);
        Checks.checkU16(FrameType.DATA, "range count", ranges.size());
    }

    /** True if this is the last frame of its snapshot. */
    public boolean complete() {
        return (flags & COMPLETE) != 0;
    }

    /** True if the ranges are delta + zero-run encoded. */
    public boolean compressed() {
        return (flags & COMPRESSED) != 0;
    }

    /** True if the snapshot starts from an all-zero image. */
    public boolean keyframe() {
        return (flags & KEYFRAME) != 0;
    }

    /** Encoded payload length in bytes, which is what this frame costs in credit. */
    public int payloadLength() {
        long n = FIXED_OVERHEAD;
        for (Range r : ranges) {
            n += RANGE_OVERHEAD + r.length();
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    @Override
    public FrameType type() {
        return FrameType.DATA;
    }
}
