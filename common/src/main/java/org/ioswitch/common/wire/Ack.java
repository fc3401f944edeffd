package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * The answer to a write of a snapshot: the server accepts or refuses an operator's write (the device's own answer
 * follows as {@link WriteResult}); a device answers each DOWN snapshot the server sends with APPLIED ({@link #ACCEPTED},
 * {@code snapshotSeq} = the version it now holds), {@link #REJECTED} (its application or signal map refused a value;
 * the text says why) or {@link #OUTDATED} (it holds a newer version and keeps it).
 * <pre>
 *   header:  type=0x21 | flags=0 | length
 *   payload: blockId u16 | snapshotSeq u64 | status u8 | text str
 * </pre>
 *
 * @param blockId id from the block's announcement
 * @param snapshotSeq the snapshot acknowledged
 * @param status {@link #ACCEPTED} (from a device: applied) or a refusal code
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
    /** From a device: the application or the signal map's min/max refused a value; nothing was applied. */
    public static final int REJECTED = 4;
    /** From a device: it holds a newer version of the block than the one sent, and keeps it. */
    public static final int OUTDATED = 5;

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
