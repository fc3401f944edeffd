package org.ioswitch.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the demo runs for and where it keeps its files.
 *
 * @param duration how long to run in all, or null to run until interrupted
 * @param dir      where to keep the files, or null for a temporary directory removed at the end
 */
public record DemoOptions(Duration duration, Path dir) {
    public DemoOptions {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be > 0, was " + duration);
        }
    }
}
