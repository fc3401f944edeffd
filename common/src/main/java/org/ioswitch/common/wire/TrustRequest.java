package org.ioswitch.common.wire;

/**
 * A new device asks for the organization's root certificates (pairing).
 * <pre>
 *   header:  type=0x03 | flags=0 | length=0
 * </pre>
 */
public record TrustRequest() implements Frame {
    @Override
    public FrameType type() {
        return FrameType.TRUST_REQUEST;
    }
}
