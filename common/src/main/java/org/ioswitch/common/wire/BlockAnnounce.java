package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * The announcer tells the peer about one of its memory blocks and the per-connection id DATA frames will use.
 * <pre>
 *   header:  type=0x10 | flags u8 (STATIC=0x01) | length
 *   payload: blockId u16 | deviceId str | blockName str | direction u8 (1 UP, 2 DOWN) | size u32
 * </pre>
 *
 * @param blockId chosen by the announcer, unique on this connection and direction of announcement
 * @param deviceId owning device, e.g. {@code gina3.pekkahome}
 * @param blockName e.g. {@code exp}
 * @param direction which way data flows
 * @param size block size in bytes, 1..{@link WireLimits#maxBlockSize()}
 * @param flags {@link #STATIC}
 */
public record BlockAnnounce(int blockId, String deviceId, String blockName, Direction direction, int size, int flags)
        implements Frame {
    /** The content never changes after the first snapshot (e.g. {@code info}). */
    public static final int STATIC = 0x01;

    /** Checks the fields. */
    public BlockAnnounce {
        Checks.checkU16(FrameType.BLOCK_ANNOUNCE, "blockId", blockId);
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(blockName, "blockName");
        Objects.requireNonNull(direction, "direction");
        if (size < 1) {
            throw new IllegalArgumentException("BLOCK_ANNOUNCE: size must be >= 1, was " + size);
        }
        Checks.checkFlags(FrameType.BLOCK_ANNOUNCE, flags, STATIC);
    }

    @Override
    public FrameType type() {
        return FrameType.BLOCK_ANNOUNCE;
    }
}
