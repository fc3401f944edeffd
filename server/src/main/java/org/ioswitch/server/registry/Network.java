package org.ioswitch.server.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ioswitch.common.wire.Direction;
import org.tinylog.Logger;

/**
 * The devices of one IO network and their blocks. A device's blocks outlive its connection, so a device that
 * reconnects gets the {@code imp} state operators wrote meanwhile (resync), and operators still list it, offline.
 */
public final class Network {

    /**
     * One device as listed.
     *
     * @param deviceId e.g. {@code gina3.pekkahome}
     * @param online whether it is connected now
     * @param blocks its blocks in announcement order
     */
    public record DeviceView(String deviceId, boolean online, List<Block> blocks) {
    }

    private static final class Device {
        final Map<String, Block> blocks = new LinkedHashMap<>();
        Object session;
    }

    private final String name;
    /** Guarded by {@code this}. */
    private final Map<String, Device> devices = new LinkedHashMap<>();

    Network(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The network name. */
    public String name() {
        return name;
    }

    /**
     * Marks a device online with {@code session}; returns the session it replaces (to be closed), if any.
     *
     * @throws IllegalArgumentException if {@code deviceId} is not of this network
     */
    public synchronized Optional<Object> attach(String deviceId, Object session) {
        checkOwn(deviceId);
        Device d = devices.computeIfAbsent(deviceId, k -> new Device());
        Object previous = d.session;
        d.session = Objects.requireNonNull(session, "session");
        return Optional.ofNullable(previous);
    }

    /** Marks a device offline, unless another session has taken it over since. */
    public synchronized void detach(String deviceId, Object session) {
        Device d = devices.get(deviceId);
        if (d != null && d.session == session) {
            d.session = null;
        }
    }

    /** Number of devices known (online or not). */
    public synchronized int deviceCount() {
        return devices.size();
    }

    /** True if the device is known to this network. */
    public synchronized boolean knows(String deviceId) {
        return devices.containsKey(deviceId);
    }

    /**
     * Declares a block of a device: the existing block if it has the same direction and size, else a new one that
     * replaces it (the device's map changed, e.g. new firmware). The old block's listeners are told
     * {@link BlockSubscriber#removed} (after the registry's lock is released), so operators learn that their view is
     * gone and can subscribe again.
     */
    public Block announce(String deviceId, String blockName, Direction direction, int size, boolean fixed) {
        Block[] replaced = new Block[1];
        Block b = declare(deviceId, blockName, direction, size, fixed, replaced);
        if (replaced[0] != null) {
            replaced[0].retire();
        }
        return b;
    }

    private synchronized Block declare(String deviceId, String blockName, Direction direction, int size,
                                       boolean fixed, Block[] replaced) {
        checkOwn(deviceId);
        Device d = devices.computeIfAbsent(deviceId, k -> new Device());
        Block b = d.blocks.get(blockName);
        if (b != null && b.direction() == direction && b.size() == size) {
            return b;
        }
        if (b != null) {
            Logger.info("{}.{} re-announced as {} {} bytes (was {} {} bytes): replaced", deviceId, blockName,
                    direction, size, b.direction(), b.size());
            replaced[0] = b;
        }
        Block fresh = new Block(deviceId, blockName, direction, size, fixed);
        d.blocks.put(blockName, fresh);
        return fresh;
    }

    /** Number of blocks a device has. */
    public synchronized int blockCount(String deviceId) {
        Device d = devices.get(deviceId);
        return d == null ? 0 : d.blocks.size();
    }

    /** A block of a device of this network; empty for other networks' devices, whatever they hold. */
    public synchronized Optional<Block> block(String deviceId, String blockName) {
        Device d = devices.get(deviceId);
        return d == null ? Optional.empty() : Optional.ofNullable(d.blocks.get(blockName));
    }

    /** Every device, sorted by id. */
    public synchronized List<DeviceView> devices() {
        List<DeviceView> out = new ArrayList<>();
        devices.forEach((id, d) -> out.add(new DeviceView(id, d.session != null, List.copyOf(d.blocks.values()))));
        out.sort(Comparator.comparing(DeviceView::deviceId));
        return out;
    }

    /** The device's name within the network ({@code gina3} of {@code gina3.pekkahome}), or empty if not ours. */
    public Optional<String> shortName(String deviceId) {
        String suffix = "." + name;
        if (deviceId.endsWith(suffix) && deviceId.length() > suffix.length()) {
            return Optional.of(deviceId.substring(0, deviceId.length() - suffix.length()));
        }
        return Optional.empty();
    }

    private void checkOwn(String deviceId) {
        if (shortName(deviceId).isEmpty()) {
            throw new IllegalArgumentException("device " + deviceId + " is not of network " + name);
        }
    }
}
