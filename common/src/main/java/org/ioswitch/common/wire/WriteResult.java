package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * The server tells an operator what the device made of its write, after the write's {@link Ack}: applied at a
 * version, rejected with the device's reason, or pending because the device is offline (then, if the operator is
 * still connected, a second WRITE_RESULT follows once the device has answered).
 * <pre>
 *   header:  type=0x23 | flags=0 | length
 *   payload: blockId u16 | snapshotSeq u64 | outcome u8 | version u64 | sinceMillis u64 | text str
 * </pre>
 *
 * @param blockId the operator's id of the block (from the server's announcement)
 * @param snapshotSeq the operator's snapshot the result answers (and every earlier one of that block)
 * @param outcome APPLIED, REJECTED or PENDING
 * @param version the block version the server gave the write (APPLIED: the version the device holds now)
 * @param sinceMillis PENDING: when the device went offline (Unix epoch milliseconds), else 0
 * @param text the device's reason for REJECTED, a short note otherwise
 */
public record WriteResult(int blockId, long snapshotSeq, WriteOutcome outcome, long version, long sinceMillis,
                          String text) implements Frame {
    /** Checks the fields. */
    public WriteResult {
        Checks.checkU16(FrameType.WRITE_RESULT, "blockId", blockId);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public FrameType type() {
        return FrameType.WRITE_RESULT;
    }
}
