package org.ioswitch.server.registry;

import java.util.Objects;
import org.ioswitch.common.wire.WriteOutcome;

/**
 * What became of an operator's write of a DOWN block, as its device answered (or did not: PENDING).
 *
 * @param outcome APPLIED, REJECTED or PENDING
 * @param version APPLIED: the version the device holds now; otherwise the write's version
 * @param sinceMillis PENDING: when the device went offline (Unix epoch ms), else 0
 * @param text the device's reason for REJECTED, a short note otherwise
 */
public record WriteAnswer(WriteOutcome outcome, long version, long sinceMillis, String text) {
    /** Checks the fields. */
    public WriteAnswer {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(text, "text");
    }
}
