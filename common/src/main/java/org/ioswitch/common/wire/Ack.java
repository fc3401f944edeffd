package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * The server confirms or refuses an operator's write of a snapshot.
 * <pre>
 *   header:  type=0x21 | flags=0 | length
 *   payload: blockId u16 | snapshotSeq u64 | status u8 | text str
 * </pre>
 *
 * @param blockId id from the block's announcement
 * @param snapshotSeq the snapshot acknowledged
 * @param status {@link #ACCEPTED} or a refusal code
 * @param text human readable reason, may be empty
 */
public record Ack(int blockId, long snapshotSeq, int status, String text) implements Frame {
    /** The write was applied. */
    public static final int ACCEPTED = 0;
    /** The identity may not write this block. */
    public static final int NOT_AUTHORIZED = 1;
    /** No such block on this connection. */
    public static final int UNKNOWN_BLOCK = 2;
    /** The write was malformed or out of range. */
    public static final int INVALID = 3;

    /** Checks the fields. */
    public Ack {
        Checks.checkU16(FrameType.ACK, "blockId", blockId);
        if (status < 0 || status > 0xFF) {
            throw new IllegalArgumentException("ACK: status must be 0..255, was " + status);
        }
        Objects.requireNonNull(text, "text");
    }

    /** True if the write was accepted. */
    public boolean accepted() {
        return status == ACCEPTED;
    }

    @Override
    public FrameType type() {
        return FrameType.ACK;
    }
}
