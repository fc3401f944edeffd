package org.ioswitch.common.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time comparisons agree with a plain byte loop on every offset, length and pattern. */
class ByteCompareTest {
    @Test
    void agreesWithAByteLoop() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            int n = random.nextInt(300);
            byte[] a = new byte[n];
            byte[] b = new byte[n];
            random.nextBytes(a);
            int pattern = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                boolean same = switch (pattern) {
                    case 0 -> random.nextInt(256) == 0;
                    case 1 -> random.nextBoolean();
                    case 2 -> i % 8 != 3;
                    default -> random.nextInt(10) > 0;
                };
                b[i] = same ? a[i] : (byte) (a[i] + 1 + random.nextInt(255));
            }
            int from = n == 0 ? 0 : random.nextInt(n + 1);
            int to = from + (n - from == 0 ? 0 : random.nextInt(n - from + 1));
            int equal = 0;
            int first = to;
            for (int i = from; i < to; i++) {
                if (a[i] == b[i]) {
                    equal++;
                    first = Math.min(first, i);
                }
            }
            assertEquals(equal, ByteCompare.countEqual(a, b, from, to), "count, round " + round);
            assertEquals(first, ByteCompare.firstEqual(a, b, from, to), "first, round " + round);
        }
    }

    @Test
    void theEndOfALongRunIsExactForItsFirstPartAndNeverMissesALongUnchangedStretch() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        for (int round = 0; round < 400; round++) {
            int n = 1 + random.nextInt(40_000);
            byte[] a = new byte[n];
            byte[] b = new byte[n];
            random.nextBytes(a);
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (a[i] + 1 + random.nextInt(255)); // all changed
            }
            // some unchanged stretches, short and long, anywhere
            for (int k = random.nextInt(6); k > 0; k--) {
                int at = random.nextInt(n);
                int len = Math.min(n - at, random.nextBoolean() ? 1 + random.nextInt(20) : 1 + random.nextInt(900));
                System.arraycopy(a, at, b, at, len);
            }
            int from = random.nextInt(n);
            while (from < n && a[from] == b[from]) {
                from++;
            }
            if (from == n) {
                continue;
            }
            int exact = ByteCompare.firstEqual(a, b, from, n);
            int end = ByteCompare.endOfChange(a, b, from, n, new long[1]);
            String where = "round " + round + ", n " + n + ", from " + from + ", exact " + exact + ", end " + end;
            assertTrue(end >= exact && end <= n, where);
            assertTrue(end == n || a[end] == b[end], "ends where an unchanged stretch starts: " + where);
            if (exact < from + ByteCompare.EXACT_RUN) {
                assertEquals(exact, end, "a run shorter than EXACT_RUN is found exactly: " + where);
            }
            int run = 0;
            for (int i = from; i < end; i++) {
                run = a[i] == b[i] ? run + 1 : 0;
                assertTrue(run < ByteCompare.STRIDE + 15, "unchanged stretch of " + run + " missed before " + i + ": "
                        + where);
            }
        }
    }
}
