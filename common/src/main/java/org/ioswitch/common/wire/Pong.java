package org.ioswitch.common.wire;

/**
 * Answer to a {@link Ping}.
 * <pre>
 *   header:  type=0x31 | flags=0 | length=8
 *   payload: token u64
 * </pre>
 *
 * @param token the ping's token
 */
public record Pong(long token) implements Frame {
    @Override
    public FrameType type() {
        return FrameType.PONG;
    }
}
