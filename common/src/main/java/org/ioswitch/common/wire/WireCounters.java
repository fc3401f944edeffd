package org.ioswitch.common.wire;

import java.util.concurrent.atomic.LongAdder;

/**
 * Frames and bytes (header included) read and written, summed over every connection whose {@link FrameReader} and
 * {@link FrameWriter} count into it: one per server, for its metrics. Adders, so many reader threads add without
 * contending.
 */
public final class WireCounters {
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    void read(int frameBytes) {
        framesIn.increment();
        bytesIn.add(frameBytes);
    }

    void written(int frameBytes) {
        framesOut.increment();
        bytesOut.add(frameBytes);
    }

    /** Frames read. */
    public long framesIn() {
        return framesIn.sum();
    }

    /** Bytes read, headers included. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Frames written. */
    public long framesOut() {
        return framesOut.sum();
    }

    /** Bytes written, headers included. */
    public long bytesOut() {
        return bytesOut.sum();
    }
}
