package org.ioswitch.common.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clock floor: build time from the jar, the saved wall time, never lowered by a 1970 clock. */
class ClockFloorTest {
    static final InstantSource NINETEEN_SEVENTY = InstantSource.fixed(Instant.parse("1970-01-01T00:00:12Z"));
    @TempDir
    Path dir;

    @Test
    void buildTimeIsRecordedInTheJarAndIsRecent() {
        Instant build = ClockFloor.buildTime();
        assertTrue(build.isAfter(Instant.parse("2025-01-01T00:00:00Z")), "build time " + build);
        assertFalse(build.isAfter(Instant.now().plusSeconds(60)), "build time " + build + " is in the future");
    }

    @Test
    void wallTimeIsSavedAndBecomesTheFloorAfterARebootIn1970() throws Exception {
        Instant later = ClockFloor.buildTime().plus(Duration.ofDays(400));
        try (ClockFloor first = ClockFloor.start(dir, InstantSource.fixed(later))) {
            assertEquals(later, Instant.parse(Files.readString(dir.resolve(ClockFloor.FILE)).trim()),
                    "the wall time is saved at start");
        }
        try (ClockFloor rebooted = ClockFloor.start(dir, NINETEEN_SEVENTY)) {
            assertFalse(rebooted.get().isBefore(later), "floor " + rebooted.get() + " below the saved " + later);
            rebooted.save();
        }
        Instant saved = Instant.parse(Files.readString(dir.resolve(ClockFloor.FILE)).trim());
        assertFalse(saved.isBefore(later), "a 1970 clock lowered the saved time to " + saved);
    }

    @Test
    void withoutASavedTimeTheFloorIsTheBuildTime() {
        try (ClockFloor floor = ClockFloor.start(dir, NINETEEN_SEVENTY)) {
            assertFalse(floor.get().isBefore(ClockFloor.buildTime()));
            assertTrue(floor.get().isBefore(ClockFloor.buildTime().plusSeconds(3600)));
        }
    }

    @Test
    void aGarbledSavedTimeIsIgnoredAndReplaced() throws Exception {
        Files.writeString(dir.resolve(ClockFloor.FILE), "yesterday\n");
        try (ClockFloor floor = ClockFloor.start(dir, InstantSource.system())) {
            assertFalse(floor.get().isBefore(ClockFloor.buildTime()));
        }
        Instant.parse(Files.readString(dir.resolve(ClockFloor.FILE)).trim());
    }
}
