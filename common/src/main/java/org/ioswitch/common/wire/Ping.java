package org.ioswitch.common.wire;

/**
 * Keepalive probe; the peer answers with a {@link Pong} carrying the same token.
 * <pre>
 *   header:  type=0x30 | flags=0 | length=8
 *   payload: token u64
 * </pre>
 *
 * @param token any value, echoed back
 */
public record Ping(long token) implements Frame {
    @Override
    public FrameType type() {
        return FrameType.PING;
    }
}
