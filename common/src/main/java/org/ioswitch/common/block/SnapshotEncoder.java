package org.ioswitch.common.block;

import java.util.ArrayList;
import java.util.Arrays;
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
        List<List<Range>> frames = new ArrayList<>();
        List<Range> frame = new ArrayList<>();
        int used = 0;
        for (int k = 0; k < spans.length; k += 2) {
            int offset = spans[k];
            int left = spans[k + 1] - spans[k];
            while (left > 0) {
                int room = capacity - used - Data.RANGE_OVERHEAD;
                if (room < 1 || frame.size() == maxRanges) {
                    frames.add(frame);
                    frame = new ArrayList<>();
                    used = 0;
                    continue;
                }
                int take = Math.min(room, left);
                frame.add(new Range(offset, Arrays.copyOfRange(newest, offset, offset + take)));
                used += Data.RANGE_OVERHEAD + take;
                offset += take;
                left -= take;
            }
        }
        frames.add(frame);
        int flagsAll = keyframe ? Data.KEYFRAME : 0;
        List<Data> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            int flags = flagsAll | (i == frames.size() - 1 ? Data.COMPLETE : 0);
            out.add(compressIfSmaller(blockId, seq, flags, frames.get(i), base, newest));
        }
        return out;
    }

    /** Replaces the frame's ranges by one compressed span when that is smaller than sending them raw. */
    private static Data compressIfSmaller(int blockId, long seq, int flags, List<Range> ranges, byte[] base,
            byte[] newest) {
        if (ranges.isEmpty()) {
            return new Data(blockId, seq, flags, ranges);
        }
        int raw = 0;
        for (Range r : ranges) {
            raw += Data.RANGE_OVERHEAD + r.length();
        }
        int start = ranges.get(0).offset();
        int end = (int) ranges.get(ranges.size() - 1).end();
        byte[] packed = ZeroRun.encode(base, newest, start, end - start);
        if (packed != null && Data.RANGE_OVERHEAD + packed.length < raw) {
            return new Data(blockId, seq, flags | Data.COMPRESSED, List.of(new Range(start, packed)));
        }
        return new Data(blockId, seq, flags, ranges);
    }
}
