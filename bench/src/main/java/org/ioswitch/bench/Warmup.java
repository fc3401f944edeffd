package org.ioswitch.bench;

import java.time.Duration;

/** The warm-up rule every benchmark follows: by time, not by count, so the JIT has compiled the hot paths. */
final class Warmup {
    /** Each configuration runs this long, unmeasured, before the measured rounds. */
    static final Duration TIME = Duration.ofMillis(1500);

    private Warmup() {
    }
}
