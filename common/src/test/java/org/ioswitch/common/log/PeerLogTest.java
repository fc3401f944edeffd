package org.ioswitch.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerLogTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<String> lines = new ArrayList<>();
    private final InstantSource clock = () -> now;
    private final PeerLog log = new PeerLog(3, Duration.ofMinutes(1), 2, clock,
            (format, args) -> lines.add(format.replace("{}", "%s").formatted(args)));

    @Test
    void repeatedLinesFromOneAddressCollapseIntoASummary() {
        for (int i = 0; i < 415; i++) {
            log.info("10.0.0.7", "{} dropped: no hello within 10 s", "10.0.0.7:" + (40000 + i));
        }
        log.info("10.0.0.8", "{} dropped", "10.0.0.8:1");
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertEquals(412, log.suppressed());

        now = now.plus(Duration.ofSeconds(61));
        log.info("10.0.0.7", "{} dropped again", "10.0.0.7:50000");

        assertEquals("… and 412 more from 10.0.0.7 in the last minute", lines.get(4));
        assertEquals("10.0.0.7:50000 dropped again", lines.get(5));
    }

    @Test
    void anotherAddressSweepsOldWindowsAndFlushWritesTheRest() {
        for (int i = 0; i < 5; i++) {
            log.info("10.0.0.7", "a");
        }
        now = now.plus(Duration.ofMinutes(2));
        log.info("10.0.0.9", "b");
        assertEquals(List.of("a", "a", "a", "… and 2 more from 10.0.0.7 in the last minute", "b"), lines);
        for (int i = 0; i < 4; i++) {
            log.info("10.0.0.9", "b");
        }
        log.flush();
        assertEquals("… and 2 more from 10.0.0.9 in the last minute", lines.get(lines.size() - 1));
    }

    @Test
    void forgettingAnAddressSumsItUpFirst() {
        for (int i = 0; i < 4; i++) {
            log.info("10.0.0.1", "x");
        }
        log.info("10.0.0.2", "y");
        log.info("10.0.0.3", "z");
        assertEquals("… and 1 more from 10.0.0.1 in the last minute", lines.get(4));
    }
}
