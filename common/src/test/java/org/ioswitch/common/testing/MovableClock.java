package org.ioswitch.common.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves forward; read by connection threads, so its state is atomic. */
public final class MovableClock implements InstantSource {
    private final AtomicReference<Instant> now;

    /** Starts at the wall clock's now (certificates made in the test are valid at it). */
    public MovableClock() {
        this(Instant.now());
    }

    /** Starts at {@code start}. */
    public MovableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves the clock forward by {@code d}. */
    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }
}
