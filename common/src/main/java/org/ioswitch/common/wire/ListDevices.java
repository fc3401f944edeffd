package org.ioswitch.common.wire;

/**
 * An operator asks which devices and blocks the server knows; the answer is a {@link DeviceList}.
 * <pre>
 *   header:  type=0x14 | flags=0 | length=0
 * </pre>
 */
public record ListDevices() implements Frame {
    @Override
    public FrameType type() {
        return FrameType.LIST_DEVICES;
    }
}
