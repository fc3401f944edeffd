package org.ioswitch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void stampsRoundTripLittleEndian() {
        byte[] b = new byte[8];
        long stamp = 0x0123456789ABCDEFL;
        RawTls.writeLong(b, 0, stamp);
        assertEquals((byte) 0xEF, b[0]);
        assertEquals(stamp, RawTls.readLong(b));
    }
}
