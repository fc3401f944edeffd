package org.ioswitch.common.link;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter, so thousands of devices coming back after a server restart spread out
 * instead of arriving together (every reconnect is a full TLS handshake).
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private int attempt;

    /** A backoff starting at {@code initial} and doubling up to {@code max}. */
    public Backoff(Duration initial, Duration max) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial must be > 0, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max must be >= initial, was " + max);
        }
    }

    /** The next delay: a random value between half and all of the current step; the step doubles up to the cap. */
    public Duration next() {
        long step = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt, 20));
        attempt++;
        long jittered = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
        return Duration.ofMillis(Math.max(1, jittered));
    }

    /** Starts over after a connection that worked. */
    public void reset() {
        attempt = 0;
    }
}
