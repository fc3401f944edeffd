package org.ioswitch.common.block;

/**
 * Block versions: 64-bit, increasing, and ordered by wall time across restarts. A version is {@code millis << 16}
 * plus a counter, and never smaller than the last one + 1. So a server that lost its image (or crashed before saving
 * it) and takes a new write gives it a version larger than anything written before that moment, and an image a
 * device kept from an earlier write still compares older; with a clock that went back, the counter keeps order.
 */
public final class Versions {
    /** Bits below the wall-clock milliseconds. */
    public static final int COUNTER_BITS = 16;

    private Versions() {
    }

    /** The version after {@code last} at wall time {@code nowMillis}. */
    public static long next(long last, long nowMillis) {
        return Math.max(last + 1, Math.max(0, nowMillis) << COUNTER_BITS);
    }

    /** The wall time a version was given at (ms since the epoch), 0 for versions not made by {@link #next}. */
    public static long millis(long version) {
        return version >>> COUNTER_BITS;
    }
}
