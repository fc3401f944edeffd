package org.ioswitch.common.wire;

/**
 * The receiver grants the sender more bytes of DATA payload (connection-level credit flow control).
 * <pre>
 *   header:  type=0x22 | flags=0 | length=4
 *   payload: bytes u32 (1 .. 2^31-1)
 * </pre>
 *
 * @param bytes additional DATA payload bytes the sender may send
 */
public record Credit(int bytes) implements Frame {
    /** Frames' worth of DATA payload a sender may send before the first CREDIT: 16 x the receiver's max frame. */
    public static final int INITIAL_WINDOW_FRAMES = 16;

    /** The implicit credit at the start of SYNC, from the receiver's announced maximum frame size. */
    public static int initialWindow(int receiverMaxFrameSize) {
        return INITIAL_WINDOW_FRAMES * receiverMaxFrameSize;
    }

    /** Checks the field. */
    public Credit {
        if (bytes < 1) {
            throw new IllegalArgumentException("CREDIT: bytes must be >= 1, was " + bytes);
        }
    }

    @Override
    public FrameType type() {
        return FrameType.CREDIT;
    }
}
