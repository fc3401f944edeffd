package org.ioswitch.common.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
