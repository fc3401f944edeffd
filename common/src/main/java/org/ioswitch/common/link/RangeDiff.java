package org.ioswitch.common.link;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Range;

/** Changed ranges between two images of a block, and their packing into DATA frames. */
final class RangeDiff {
    private RangeDiff() {
    }

    /**
     * The ranges where {@code next} differs from {@code previous} (same length). Two changes closer than the
     * per-range overhead are merged, since sending the unchanged bytes between them is cheaper than a second header;
     * farther apart they stay separate, so scattered changes never resend what lies between them.
     */
    static List<Range> between(byte[] previous, byte[] next) {
        List<Range> out = new ArrayList<>();
        int n = next.length;
        int i = 0;
        while (i < n) {
            if (previous[i] == next[i]) {
                i++;
                continue;
            }
            int start = i;
            int end = i + 1;
            int j = end;
            while (j < n) {
                if (previous[j] != next[j]) {
                    end = j + 1;
                    j++;
                } else if (j - end >= Data.RANGE_OVERHEAD) {
                    break;
                } else {
                    j++;
                }
            }
            out.add(new Range(start, Arrays.copyOfRange(next, start, end)));
            i = j;
        }
        return out;
    }

    /** Splits ranges into frames of at most {@code budget} payload bytes each (range headers included). */
    static List<List<Range>> pack(List<Range> ranges, int budget) {
        int maxChunk = budget - Data.RANGE_OVERHEAD;
        if (maxChunk <= 0) {
            throw new IllegalArgumentException("frame budget " + budget + " leaves no room for data");
        }
        List<List<Range>> frames = new ArrayList<>();
        List<Range> current = new ArrayList<>();
        int used = 0;
        for (Range r : ranges) {
            int offset = 0;
            while (offset < r.length()) {
                int room = budget - used - Data.RANGE_OVERHEAD;
                if (room <= 0) {
                    frames.add(current);
                    current = new ArrayList<>();
                    used = 0;
                    continue;
                }
                int len = Math.min(room, r.length() - offset);
                byte[] part = offset == 0 && len == r.length() ? r.bytes()
                        : Arrays.copyOfRange(r.bytes(), offset, offset + len);
                current.add(new Range(r.offset() + offset, part));
                used += Data.RANGE_OVERHEAD + len;
                offset += len;
            }
        }
        if (!current.isEmpty()) {
            frames.add(current);
        }
        return frames;
    }
}
