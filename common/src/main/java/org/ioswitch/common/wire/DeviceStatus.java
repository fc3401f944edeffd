package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * Whether a device is live, and if not since when and why. The server sends it to every operator subscribed to one
 * of the device's blocks right after the subscription's BLOCK_ANNOUNCE and whenever the device connects or its session
 * ends; each DEVICE_LIST entry carries the same facts.
 * <pre>
 *   header:  type=0x16 | flags=0 | length
 *   payload: deviceId str | online u8 (0/1) | cause u8 | lastLiveMillis u64 | via u8 | boardType str
 * </pre>
 *
 * @param deviceId e.g. {@code gina3.pekkahome}
 * @param online connected now
 * @param cause why it is offline ({@link OfflineCause#NONE} while online)
 * @param lastLiveMillis when it was last live (Unix epoch ms; now-ish while online), 0 if never seen
 * @param via how it is (or was last) connected: 0 unknown, 1 directly, 2 through the switchbox
 * @param boardType the board type it announced, empty if never seen
 */
public record DeviceStatus(String deviceId, boolean online, OfflineCause cause, long lastLiveMillis, int via,
                           String boardType) implements Frame {
    /** Never seen connected. */
    public static final int VIA_UNKNOWN = 0;
    /** Connected directly. */
    public static final int VIA_DIRECT = 1;
    /** Connected through the switchbox. */
    public static final int VIA_SWITCHBOX = 2;

    /** Checks the fields. */
    public DeviceStatus {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(boardType, "boardType");
        if (via < VIA_UNKNOWN || via > VIA_SWITCHBOX) {
            throw new IllegalArgumentException("DEVICE_STATUS: via must be 0..2, was " + via);
        }
    }

    /** {@code directly}, {@code through the switchbox} or {@code unknown}. */
    public String viaText() {
        return switch (via) {
            case VIA_DIRECT -> "directly";
            case VIA_SWITCHBOX -> "through the switchbox";
            default -> "unknown";
        };
    }

    @Override
    public FrameType type() {
        return FrameType.DEVICE_STATUS;
    }
}
