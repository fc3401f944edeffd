package org.ioswitch.common.block;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Range;

/**
 * Changed ranges between what a link last sent and the newest snapshot. Scattered changes stay separate ranges;
 * two ranges are merged only when the unchanged gap between them is smaller than the cost of starting another
 * range ({@link Data#RANGE_OVERHEAD}, 8 bytes). A slow link simply diffs its last sent image against the newest
 * snapshot, so intermediate snapshots coalesce.
 */
public final class SnapshotDiff {
    private SnapshotDiff() {}

    /**
     * The changed ranges, bytes taken from {@code newest}.
     *
     * @param lastSent the image the receiver has, or null for a receiver that has nothing (an all-zero image)
     * @param newest the image to send
     */
    public static List<Range> between(byte[] lastSent, byte[] newest) {
        return between(lastSent, newest, Data.RANGE_OVERHEAD);
    }

    /** As {@link #between(byte[], byte[])}, merging ranges whose gap is below {@code mergeGap} bytes. */
    public static List<Range> between(byte[] lastSent, byte[] newest, int mergeGap) {
        byte[] base = lastSent == null ? new byte[newest.length] : lastSent;
        if (base.length != newest.length) {
            throw new IllegalArgumentException("images differ in size: " + base.length + " and " + newest.length);
        }
        List<Range> ranges = new ArrayList<>();
        int n = newest.length;
        int i = 0;
        int start = -1;
        int end = -1;
        while (i < n) {
            if (base[i] == newest[i]) {
                i++;
                continue;
            }
            int runStart = i;
            while (i < n && base[i] != newest[i]) {
                i++;
            }
            if (start >= 0 && runStart - end < mergeGap) {
                end = i;
            } else {
                if (start >= 0) {
                    ranges.add(new Range(start, Arrays.copyOfRange(newest, start, end)));
                }
                start = runStart;
                end = i;
            }
        }
        if (start >= 0) {
            ranges.add(new Range(start, Arrays.copyOfRange(newest, start, end)));
        }
        return ranges;
    }
}
