package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * An operator stops following a block; the server answers with BLOCK_REMOVE.
 * <pre>
 *   header:  type=0x13 | flags=0 | length
 *   payload: deviceId str | blockName str
 * </pre>
 *
 * @param deviceId e.g. {@code gina3.pekkahome}
 * @param blockName e.g. {@code exp}
 */
public record Unsubscribe(String deviceId, String blockName) implements Frame {
    /** Checks the fields. */
    public Unsubscribe {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(blockName, "blockName");
    }

    @Override
    public FrameType type() {
        return FrameType.UNSUBSCRIBE;
    }
}
