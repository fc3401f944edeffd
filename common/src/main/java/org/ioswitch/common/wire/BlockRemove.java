package org.ioswitch.common.wire;

/**
 * The announcer withdraws a block; its id may be reused by a later announcement.
 * <pre>
 *   header:  type=0x11 | flags=0 | length=2
 *   payload: blockId u16
 * </pre>
 *
 * @param blockId the id from the block's announcement
 */
public record BlockRemove(int blockId) implements Frame {
    /** Checks the field. */
    public BlockRemove {
        Checks.checkU16(FrameType.BLOCK_REMOVE, "blockId", blockId);
    }

    @Override
    public FrameType type() {
        return FrameType.BLOCK_REMOVE;
    }
}
