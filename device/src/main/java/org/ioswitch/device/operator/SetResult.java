package org.ioswitch.device.operator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.ioswitch.common.wire.WriteOutcome;

/**
 * What became of a write ({@link OperatorClient#set}), as its device answered: applied at a version, rejected with the
 * device's reason, or pending: the device is offline (since {@code offlineSince}; the server delivers the value when
 * it reconnects) or did not answer in time.
 *
 * @param outcome APPLIED, REJECTED or PENDING
 * @param version APPLIED: the block version the device holds now; otherwise the version the server gave the write
 * @param reason REJECTED: the device's reason; PENDING: why; APPLIED: empty
 * @param offlineSince PENDING because the device is offline: since when; otherwise null
 */
public record SetResult(WriteOutcome outcome, long version, String reason, Instant offlineSince) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** Checks the fields. */
    public SetResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    /** True if the device applied the write. */
    public boolean applied() {
        return outcome == WriteOutcome.APPLIED;
    }

    /**
     * One line for people: {@code applied (version 7)}, {@code rejected: setpoint 40.0 outside 5..35}, {@code pending:
     * device offline since 2026-12-03 14:02:11 (it gets the value when it reconnects)}.
     */
    @Override
    public String toString() {
        return switch (outcome) {
            case APPLIED -> "applied (version " + version + ")";
            case REJECTED -> "rejected: " + reason;
            case PENDING -> offlineSince != null
                    ? "pending: device offline since " + TIME.format(offlineSince)
                            + " (it gets the value when it reconnects)"
                    : "pending: " + reason;
        };
    }
}
