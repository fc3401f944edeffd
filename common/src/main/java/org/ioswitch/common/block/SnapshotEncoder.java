package org.ioswitch.common.block;

import java.util.ArrayList;
import java.util.List;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Range;

/**
 * Turns "what the receiver has" and "the newest image" into the DATA frames of one snapshot: changed ranges
 * ({@link SnapshotDiff}), split to fit the peer's frame size, each frame compressed ({@link ZeroRun}) only where
 * that is smaller, the last frame marked COMPLETE. The session layer keeps one last-sent image per block and link.
 */
public final class SnapshotEncoder {
    private SnapshotEncoder() {}

    /**
     * The frames of one snapshot.
     *
     * @param blockId the block's id on this connection
     * @param seq the snapshot's number
     * @param lastSent the image the receiver holds, or null after (re)connect: then a KEYFRAME is sent, which the
     *     receiver starts from zeros
     * @param newest the image to send
     * @param maxFrameSize the peer's maximum payload
     * @param maxRanges the peer's maximum ranges per frame
     * @return the frames, the last with COMPLETE; empty if nothing changed and this is not a keyframe
     */
    public static List<Data> encode(int blockId, long seq, byte[] lastSent, byte[] newest, int maxFrameSize,
            int maxRanges) {
        boolean keyframe = lastSent == null;
        byte[] base = keyframe ? new byte[newest.length] : lastSent;
        int[] spans = SnapshotDiff.spans(base, newest, Data.RANGE_OVERHEAD);
        if (spans.length == 0 && !keyframe) {
            return List.of();
        }
        int capacity = maxFrameSize - Data.FIXED_OVERHEAD;
        if (capacity < Data.RANGE_OVERHEAD + 1) {
            throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " is too small for any range");
        }
        int flagsAll = keyframe ? Data.KEYFRAME : 0;
        List<Data> out = new ArrayList<>();
        List<Range> frame = new ArrayList<>();
        int used = 0;
        // Unchanged bytes the frame's ranges cover (gaps counted, long runs estimated from sampled words): zero-run only
        // pays with many of them, and trying it costs a scan of the frame.
        int unchanged = 0;
        for (int k = 0; k < spans.length; k += SnapshotDiff.SPAN) {
            int offset = spans[k];
            int left = spans[k + 1] - spans[k];
            while (left > 0) {
                int room = capacity - used - Data.RANGE_OVERHEAD;
                if (room < 1 || frame.size() == maxRanges) {
                    out.add(frame(blockId, seq, flagsAll, frame, unchanged, base, newest));
                    frame = new ArrayList<>();
                    used = 0;
                    unchanged = 0;
                    continue;
                }
                if (!frame.isEmpty()) {
                    unchanged += offset - (int) frame.get(frame.size() - 1).end();
                }
                if (left == spans[k + 1] - spans[k] || frame.isEmpty()) {
                    unchanged += spans[k + 2];
                }
                int take = Math.min(room, left);
                // A slice of the snapshot, which nobody writes: the frame encoder copies it once, into the frame.
                frame.add(new Range(offset, newest, offset, take));
                used += Data.RANGE_OVERHEAD + take;
                offset += take;
                left -= take;
            }
        }
        out.add(frame(blockId, seq, flagsAll | Data.COMPLETE, frame, unchanged, base, newest));
        return out;
    }

    /**
     * One DATA frame of {@code ranges}, replaced by one compressed span when that is smaller than sending them raw.
     * {@code unchangedBound} counts (or, inside long runs, estimates) the unchanged bytes the ranges and the gaps
     * between them cover; below a quarter of their extent compression is not worth trying.
     */
    private static Data frame(int blockId, long seq, int flags, List<Range> ranges, int unchangedBound, byte[] base,
            byte[] newest) {
        if (ranges.isEmpty()) {
            return new Data(blockId, seq, flags, ranges);
        }
        int start = ranges.get(0).offset();
        int end = (int) ranges.get(ranges.size() - 1).end();
        if (unchangedBound < (end - start) / 4) {
            return new Data(blockId, seq, flags, ranges);
        }
        int raw = 0;
        for (Range r : ranges) {
            raw += Data.RANGE_OVERHEAD + r.length();
        }
        byte[] packed = ZeroRun.encode(base, newest, start, end - start);
        if (packed != null && Data.RANGE_OVERHEAD + packed.length < raw) {
            return new Data(blockId, seq, flags | Data.COMPRESSED, List.of(new Range(start, packed)));
        }
        return new Data(blockId, seq, flags, ranges);
    }
}
