package org.ioswitch.switchbox;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves forward; read by the switchbox's connection threads, so its state is atomic. */
final class MovableClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    public Instant instant() {
        return now.get();
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }
}
