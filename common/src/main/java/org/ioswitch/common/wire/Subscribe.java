package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * An operator asks the server for a device's block; the server answers with BLOCK_ANNOUNCE and DATA.
 * <pre>
 *   header:  type=0x12 | flags=0 | length
 *   payload: deviceId str | blockName str
 * </pre>
 *
 * @param deviceId e.g. {@code gina3.pekkahome}
 * @param blockName e.g. {@code exp}
 */
public record Subscribe(String deviceId, String blockName) implements Frame {
    /** Checks the fields. */
    public Subscribe {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(blockName, "blockName");
    }

    @Override
    public FrameType type() {
        return FrameType.SUBSCRIBE;
    }
}
