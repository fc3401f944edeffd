package org.ioswitch.server.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.OfflineCause;
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
     * @param status online, or since when and why not; route and board type
     */
    public record DeviceView(String deviceId, boolean online, List<Block> blocks, DeviceStatus status) {
    }

    private static final class Device {
        final Map<String, Block> blocks = new LinkedHashMap<>();
        Object session;
        /** Until the device connects once: known from the state directory only. */
        OfflineCause cause = OfflineCause.NOT_SEEN_SINCE_START;
        long lastLiveMillis;
        int via = DeviceStatus.VIA_UNKNOWN;
        String boardType = "";

        DeviceStatus status(String id) {
            return new DeviceStatus(id, session != null, session != null ? OfflineCause.NONE : cause, lastLiveMillis,
                    via, boardType);
        }
    }

    /** Told of every device status change (connect, session end), outside the network's lock. */
    private final List<Consumer<DeviceStatus>> statusListeners = new CopyOnWriteArrayList<>();

    private final String name;
    /** Guarded by {@code this}. */
    private final Map<String, Device> devices = new LinkedHashMap<>();

    /** Where DOWN images and device facts are saved, or null. */
    private final ImageStore store;

    Network(String name, ImageStore store) {
        this.name = Objects.requireNonNull(name, "name");
        this.store = store;
    }

    /** A device read back from the store at start: offline, not seen since the start, its DOWN blocks restored. */
    synchronized void restore(ImageStore.SavedDevice saved) {
        if (shortName(saved.deviceId()).isEmpty()) {
            Logger.warn("{}: {} is not of network {}; ignored", ImageStore.DIR, saved.deviceId(), name);
            return;
        }
        Device d = devices.computeIfAbsent(saved.deviceId(), k -> new Device());
        d.lastLiveMillis = saved.lastLiveMillis();
        d.via = saved.via();
        d.boardType = saved.boardType();
        for (ImageStore.SavedBlock sb : saved.blocks()) {
            Block b = new Block(saved.deviceId(), sb.name(), sb.direction(), sb.image().image().length, sb.fixed());
            b.restore(sb.image().image(), sb.image().version());
            persist(b);
            d.blocks.put(sb.name(), b);
        }
        Logger.info("{}: restored {} saved block(s), last live {}", saved.deviceId(), saved.blocks().size(),
                saved.lastLiveMillis() == 0 ? "never" : java.time.Instant.ofEpochMilli(saved.lastLiveMillis()));
    }

    private void persist(Block b) {
        if (store != null && (b.direction() == Direction.DOWN || b.fixed())) {
            b.onChange(() -> store.blockChanged(b));
        }
    }

    /**
     * Saves what a restarted server shows of a device that is gone: its status, and every block as it is now (the
     * values of its UP blocks, and the DOWN blocks nobody wrote yet, so operators can write to them PENDING).
     */
    private void saveDevice(DeviceStatus status, List<Block> blocks) {
        if (store != null) {
            store.deviceChanged(status.deviceId(), status);
            blocks.forEach(store::blockChanged);
        }
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
    public Optional<Object> attach(String deviceId, Object session, int via, String boardType, long nowMillis) {
        Object previous;
        DeviceStatus status;
        synchronized (this) {
            checkOwn(deviceId);
            Device d = devices.computeIfAbsent(deviceId, k -> new Device());
            previous = d.session;
            d.session = Objects.requireNonNull(session, "session");
            d.via = via;
            d.boardType = Objects.requireNonNull(boardType, "boardType");
            d.lastLiveMillis = nowMillis;
            status = d.status(deviceId);
        }
        // Not saved here: what matters after a restart is when the device was last live, saved when its session ends
        // (a fleet connecting must not cost a file write per device).
        tell(status);
        return Optional.ofNullable(previous);
    }

    /**
     * Marks a device offline with the cause of its session's end, unless another session has taken it over since;
     * every status listener is told at once.
     *
     * @return true if the device went offline
     */
    public boolean detach(String deviceId, Object session, OfflineCause cause, long nowMillis) {
        DeviceStatus status;
        List<Block> blocks;
        synchronized (this) {
            Device d = devices.get(deviceId);
            if (d == null || d.session != session) {
                return false;
            }
            d.session = null;
            d.cause = cause;
            d.lastLiveMillis = nowMillis;
            status = d.status(deviceId);
            blocks = List.copyOf(d.blocks.values());
        }
        saveDevice(status, blocks);
        tell(status);
        return true;
    }

    /** The device's status; empty if the network does not know it. */
    public synchronized Optional<DeviceStatus> status(String deviceId) {
        Device d = devices.get(deviceId);
        return d == null ? Optional.empty() : Optional.of(d.status(deviceId));
    }

    /** Adds a listener of device status changes. */
    public void addStatusListener(Consumer<DeviceStatus> listener) {
        statusListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener of device status changes. */
    public void removeStatusListener(Consumer<DeviceStatus> listener) {
        statusListeners.remove(listener);
    }

    private void tell(DeviceStatus status) {
        for (Consumer<DeviceStatus> l : statusListeners) {
            try {
                l.accept(status);
            } catch (RuntimeException e) {
                Logger.warn(e, "device status listener failed for {}", status.deviceId());
            }
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
        persist(fresh);
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
    public List<DeviceView> devices() {
        return devices(List.of());
    }

    /**
     * Every device, and each of {@code alsoKnown} (device ids of this network the server knows otherwise, such as its
     * device accounts) not held here yet: offline, not seen since the server started, no blocks. Sorted by id.
     */
    public synchronized List<DeviceView> devices(Collection<String> alsoKnown) {
        List<DeviceView> out = new ArrayList<>();
        devices.forEach((id, d) -> out.add(new DeviceView(id, d.session != null, List.copyOf(d.blocks.values()),
                d.status(id))));
        for (String id : alsoKnown) {
            if (!devices.containsKey(id) && shortName(id).isPresent()) {
                out.add(new DeviceView(id, false, List.of(), new Device().status(id)));
            }
        }
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
