package org.ioswitch.common.wire;

import java.util.List;
import java.util.Objects;

/**
 * The devices of the network and their blocks.
 * <pre>
 *   header:  type=0x15 | flags=0 | length
 *   payload: deviceCount u16 | deviceCount x (
 *              deviceId str | online u8 (0 or 1) | blockCount u16 |
 *              blockCount x ( name str | direction u8 | size u32 ) |
 *              cause u8 | lastLiveMillis u64 | via u8 | boardType str )
 * </pre>
 * The last four fields of an entry are those of a {@link DeviceStatus} of the device.
 *
 * @param devices the entries, in the server's order
 */
public record DeviceList(List<DeviceEntry> devices) implements Frame {
    /** Copies the list. */
    public DeviceList {
        devices = List.copyOf(devices);
    }

    @Override
    public FrameType type() {
        return FrameType.DEVICE_LIST;
    }

    /**
     * One device.
     *
     * @param deviceId e.g. {@code gina3.pekkahome}
     * @param blocks the device's blocks
     * @param online whether the device is connected now
     * @param status online, cause, last live time, route and board type
     */
    public record DeviceEntry(String deviceId, List<BlockEntry> blocks, boolean online, DeviceStatus status) {
        /** Checks and copies the fields. */
        public DeviceEntry {
            Objects.requireNonNull(deviceId, "deviceId");
            blocks = List.copyOf(blocks);
            Objects.requireNonNull(status, "status");
            if (status.online() != online || !status.deviceId().equals(deviceId)) {
                throw new IllegalArgumentException("DEVICE_LIST: entry " + deviceId + " online=" + online
                        + " disagrees with its status " + status);
            }
        }

        /** An entry without facts beyond online (cause NONE or NOT_SEEN_SINCE_START, never seen). */
        public DeviceEntry(String deviceId, List<BlockEntry> blocks, boolean online) {
            this(deviceId, blocks, online, new DeviceStatus(deviceId, online,
                    online ? OfflineCause.NONE : OfflineCause.NOT_SEEN_SINCE_START, 0, DeviceStatus.VIA_UNKNOWN, ""));
        }
    }

    /**
     * One block of a device.
     *
     * @param name block name
     * @param direction which way data flows
     * @param size size in bytes
     */
    public record BlockEntry(String name, Direction direction, int size) {
        /** Checks the fields. */
        public BlockEntry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(direction, "direction");
            Checks.checkNonNegative(FrameType.DEVICE_LIST, "size", size);
        }
    }
}
