package org.ioswitch.common.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.ioswitch.common.wire.Range;
import org.ioswitch.common.wire.WireException;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {
    private static String describe(List<Range> ranges) {
        return ranges.toString();
    }

    @Test
    void scatteredChangesAreSeparateRanges() {
        byte[] last = new byte[1000];
        byte[] newest = last.clone();
        newest[3] = 1;
        newest[500] = 2;
        newest[501] = 3;
        newest[999] = 4;
        List<Range> ranges = SnapshotDiff.between(last, newest);
        assertEquals("[Range[3+1], Range[500+2], Range[999+1]]", describe(ranges), "the gaps are not resent");
        assertArrayEquals(new byte[] {2, 3}, ranges.get(1).bytes());
    }

    @Test
    void rangesMergeOnlyWhenTheGapIsCheaperThanANewRange() {
        byte[] last = new byte[100];
        byte[] newest = last.clone();
        newest[10] = 1;
        newest[17] = 1;   // gap 11..16 = 6 bytes < 8 bytes of range header: merge
        newest[40] = 1;
        newest[49] = 1;   // gap 41..48 = 8 bytes: not smaller, keep apart
        assertEquals("[Range[10+8], Range[40+1], Range[49+1]]", describe(SnapshotDiff.between(last, newest)));
    }

    @Test
    void spansCountTheUnchangedBytesOfTheGapsTheyMerged() {
        byte[] last = new byte[100];
        byte[] newest = last.clone();
        newest[10] = 1;
        newest[12] = 1;   // gap of 1
        newest[17] = 1;   // gap of 4: one span 10..18 with 5 unchanged bytes inside
        newest[40] = 1;   // a span of its own, nothing unchanged inside
        assertArrayEquals(new int[] {10, 18, 5, 40, 41, 0}, SnapshotDiff.spans(last, newest, 8));
    }

    @Test
    void nothingChangedIsNoRangeAndNullLastSentMeansZeros() {
        byte[] same = {1, 2, 3};
        assertTrue(SnapshotDiff.between(same, same.clone()).isEmpty());
        assertEquals("[Range[1+2]]", describe(SnapshotDiff.between(null, new byte[] {0, 5, 6, 0})));
        assertThrows(IllegalArgumentException.class, () -> SnapshotDiff.between(new byte[2], new byte[3]));
    }

    @Test
    void zeroRunRoundTripsAndIsUsedOnlyWhenSmaller() throws WireException {
        byte[] base = new byte[600];
        byte[] newest = base.clone();
        for (int i = 0; i < 600; i += 100) {
            newest[i] = (byte) (i + 1);
            newest[i + 1] = 0x22;   // base is 0 here: the delta is the value
        }
        byte[] packed = ZeroRun.encode(base, newest, 0, 600);
        assertTrue(packed.length < 40, "mostly unchanged bytes pack small: " + packed.length);
        assertEquals(600, ZeroRun.decodedLength(packed));
        byte[] target = new byte[600];
        ZeroRun.decode(packed, base, target, 0);
        assertArrayEquals(newest, target);

        byte[] noisy = new byte[64];
        new Random(7).nextBytes(noisy);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] |= 1; // no zero delta anywhere: packing cannot win
        }
        assertNull(ZeroRun.encode(new byte[64], noisy, 0, 64));
        assertNull(ZeroRun.encode(new byte[3], new byte[3], 0, 3), "ranges of 3 bytes or less are never packed");
    }

    @Test
    void zeroRunDeltaIsModulo256AndIsolatedZerosStayInLiterals() throws WireException {
        byte[] base = {(byte) 250, 10, 10, 10, 10, 10, 10, 10, 10, 10};
        byte[] newest = {4, 11, 10, 12, 10, 10, 10, 10, 10, 10};
        byte[] packed = ZeroRun.encode(base, newest, 0, 10);
        // delta 10 1 0 2 0 0 0 0 0 0: one literal run of 4 (the lone zero stays in it), then 6 zeros
        assertArrayEquals(new byte[] {4, 10, 1, 0, 2, 6}, packed);
        byte[] target = base.clone();
        ZeroRun.decode(packed, base, target, 0);
        assertArrayEquals(newest, target);
    }

    @Test
    void malformedZeroRunIsAWireException() {
        WireException e = assertThrows(WireException.class, () -> ZeroRun.decodedLength(new byte[] {5, 1, 2}));
        assertEquals("compressed range: group at byte 0 needs 6 more bytes, 2 left", e.getMessage());
    }

    @Test
    void randomImagesRoundTripThroughZeroRun() throws WireException {
        Random rnd = new Random(42);
        for (int round = 0; round < 2000; round++) {
            int n = 4 + rnd.nextInt(700);
            byte[] base = new byte[n];
            rnd.nextBytes(base);
            byte[] newest = base.clone();
            for (int k = rnd.nextInt(40); k > 0; k--) {
                newest[rnd.nextInt(n)] = (byte) rnd.nextInt(256);
            }
            byte[] packed = ZeroRun.encode(base, newest, 0, n);
            if (packed != null) {
                assertTrue(packed.length < n);
                assertEquals(n, ZeroRun.decodedLength(packed));
                byte[] target = new byte[n];
                ZeroRun.decode(packed, base, target, 0);
                assertArrayEquals(newest, target, "round " + round);
            }
        }
    }
}
