package org.ioswitch.common.block;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Range;

/**
 * Changed ranges between what a link last sent and the newest snapshot. Scattered changes stay separate ranges;
 * two ranges are merged only when the unchanged gap between them is smaller than the cost of starting another
 * range ({@link Data#RANGE_OVERHEAD}, 8 bytes). Inside a run of changes longer than 4 KiB the end of the run is
 * looked for at sampled words only ({@link ByteCompare#endOfChange}): there an unchanged stretch shorter than
 * 271 bytes may travel along, a longer one never does. A slow link simply diffs its last sent image against the
 * newest snapshot, so intermediate snapshots coalesce.
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
        List<Range> ranges = new ArrayList<>();
        int[] spans = spans(lastSent, newest, mergeGap);
        for (int k = 0; k < spans.length; k += SPAN) {
            ranges.add(new Range(spans[k], Arrays.copyOfRange(newest, spans[k], spans[k + 1])));
        }
        return ranges;
    }

    /** Ints per span in the array {@link #spans} returns: start, end, unchanged bytes inside. */
    static final int SPAN = 3;

    /**
     * The changed spans as {@code start, end, unchanged} triples, without copying any bytes: the encoder copies each
     * span once, straight into the frame it goes to. {@code unchanged} counts the bytes of merged gaps inside the
     * span, so the encoder knows without another scan whether zero-run compression can pay.
     */
    static int[] spans(byte[] lastSent, byte[] newest, int mergeGap) {
        byte[] base = lastSent == null ? new byte[newest.length] : lastSent;
        if (base.length != newest.length) {
            throw new IllegalArgumentException("images differ in size: " + base.length + " and " + newest.length);
        }
        int[] out = new int[4 * SPAN];
        int count = 0;
        int n = newest.length;
        int i = 0;
        int start = -1;
        int end = -1;
        int unchanged = 0;
        long[] estimate = new long[1];
        while (i < n) {
            // Arrays.mismatch compares many bytes per step: unchanged stretches, the common case, go fast.
            int m = Arrays.mismatch(base, i, n, newest, i, n);
            if (m < 0) {
                break;
            }
            int runStart = i + m;
            estimate[0] = 0;
            i = ByteCompare.endOfChange(base, newest, runStart, n, estimate);
            if (start >= 0 && runStart - end < mergeGap) {
                unchanged += runStart - end + (int) estimate[0];
                end = i;
            } else {
                if (start >= 0) {
                    out = add(out, count, start, end, unchanged);
                    count += SPAN;
                }
                start = runStart;
                end = i;
                unchanged = (int) estimate[0];
            }
        }
        if (start >= 0) {
            out = add(out, count, start, end, unchanged);
            count += SPAN;
        }
        return Arrays.copyOf(out, count);
    }

    private static int[] add(int[] out, int count, int start, int end, int unchanged) {
        int[] o = count + SPAN > out.length ? Arrays.copyOf(out, out.length * 2) : out;
        o[count] = start;
        o[count + 1] = end;
        o[count + 2] = unchanged;
        return o;
    }
}
