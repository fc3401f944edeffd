package org.ioswitch.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfOddAndEvenCountsAndSpread() {
        assertEquals(3.0, Stats.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertEquals("1..5", Stats.spread(List.of(5.0, 1.0, 3.0)));
    }

    @Test
    void latenciesAreKeptInNanosecondsAndShownInMicroseconds() {
        Latencies l = new Latencies("x");
        l.startRound();
        for (int i = 1; i <= 100; i++) {
            l.record(i * 1000L);
        }
        l.endRound();
        assertEquals(100, l.count());
        assertEquals(50, l.p50(), 0.1);
        assertEquals(99, l.p99(), 0.1);
        assertEquals(100, l.max(), 0.1);
        assertEquals(50, l.roundP50.get(0), 0.1);
    }

    private static Latencies uniform(String name, long stepNanos, int n) {
        Latencies l = new Latencies(name);
        l.startRound();
        for (int i = 1; i <= n; i++) {
            l.record(i * stepNanos);
        }
        l.endRound();
        return l;
    }

    @Test
    void ratiosDivideEachPercentileByTheReferencesSame() {
        Latencies fast = uniform("fast", 1000, 1000);   // p50 500 µs, p99 990, p99.9 999, max 1000
        Latencies slow = uniform("slow", 2000, 1000);   // every percentile twice as long
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, fast.ratiosTo(slow), 0.01);
        assertArrayEquals(new double[] {2, 2, 2, 2}, slow.ratiosTo(fast), 0.01);
        assertEquals("fast  p50  0.50   p99  0.50   p99.9  0.50   max  0.50", fast.ratioRow(slow, 5));
    }

    @Test
    void atOrBelowNeedsP50P99AndP999ButNotMax() {
        Latencies ref = uniform("ref", 1000, 1000);
        assertTrue(ref.atOrBelow(ref));
        Latencies longTail = uniform("tail", 1000, 1000);
        longTail.startRound();
        for (int i = 0; i < 5; i++) {
            longTail.record(50_000_000L); // 5 of 1005 at 50 ms: p99.9 is now far above ref's
        }
        longTail.endRound();
        assertFalse(longTail.atOrBelow(ref));
        Latencies oneOutlier = uniform("outlier", 900, 1000);
        oneOutlier.startRound();
        oneOutlier.record(50_000_000L); // only the max is worse
        oneOutlier.endRound();
        assertTrue(oneOutlier.atOrBelow(ref));
    }

    @Test
    void stampsRoundTripLittleEndian() {
        byte[] b = new byte[8];
        long stamp = 0x0123456789ABCDEFL;
        RawTls.writeLong(b, 0, stamp);
        assertEquals((byte) 0xEF, b[0]);
        assertEquals(stamp, RawTls.readLong(b));
    }
}
