package org.ioswitch.server.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.block.Versions;
import org.ioswitch.common.wire.WriteOutcome;

/**
 * One block of one device as the server holds it: its latest whole snapshot and its listeners. It guards itself:
 * a publish replaces the image and tells every listener under the block's lock, so listeners see snapshots in order
 * and a new listener gets the current image before any later one.
 *
 * <p>A DOWN block also carries a <em>version</em> that survives restarts of either side (docs/sessions.md, "State
 * and authority"): every accepted write gets a new, larger one ({@link Versions#next}); the device answers which
 * version it applied or that it rejected one; an image the device offers with a larger version than ours is
 * adopted. The image the device is known to hold ({@code confirmed}) is what a rejected write falls back to.
 */
public final class Block {
    private final String deviceId;
    private final String name;
    private final Direction direction;
    private final boolean fixed;
    /** Guarded by {@code this}; replaced whole, never written into. */
    private byte[] image;
    private final List<BlockSubscriber> listeners = new CopyOnWriteArrayList<>();
    /** Guarded by {@code this}: set once the registry dropped this block. */
    private boolean retired;
    /** Guarded by {@code this}: the version of {@code image} (0: never written). */
    private long version;
    /** Guarded by {@code this}: the largest version ever given out, so a reverted block never reuses one. */
    private long issued;
    /** Guarded by {@code this}: the version and image the device last said it holds. */
    private long confirmedVersion;
    private byte[] confirmedImage;
    /** Guarded by {@code this}: images written and not yet confirmed, by version, to know what a confirmation means. */
    private final Map<Long, byte[]> unconfirmed = new LinkedHashMap<>();
    /** Guarded by {@code this}. */
    private final WriteWaiters waiters = new WriteWaiters();
    /**
     * Guarded by {@code this}: recent rejections (version → reason), for a write whose answer came before anyone
     * waited for it (the device can answer before the writer's session registers its wait).
     */
    private final Map<Long, String> rejections = new LinkedHashMap<>();
    /** Told (outside the lock) after every change of a DOWN block's image or version: persistence. */
    private volatile Runnable onChange = () -> { };

    Block(String deviceId, String name, Direction direction, int size, boolean fixed) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.name = Objects.requireNonNull(name, "name");
        this.direction = Objects.requireNonNull(direction, "direction");
        this.fixed = fixed;
        this.image = new byte[size];
        this.confirmedImage = image;
    }

    /** The owning device, e.g. {@code gina3.pekkahome}. */
    public String deviceId() {
        return deviceId;
    }

    /** The block name, e.g. {@code exp}. */
    public String name() {
        return name;
    }

    /** Which way its data flows. */
    public Direction direction() {
        return direction;
    }

    /** True if its content never changes after the first snapshot (the announcement's STATIC flag). */
    public boolean fixed() {
        return fixed;
    }

    /** Size in bytes. */
    public int size() {
        return image.length;
    }

    /** The latest snapshot (all zeros until the first publish). Do not modify it. */
    public synchronized byte[] image() {
        return image;
    }

    /** The version of the latest image of a DOWN block (0 until written or adopted). */
    public synchronized long version() {
        return version;
    }

    /** Runs after every change of the image or version: the registry saves DOWN and STATIC blocks. */
    void onChange(Runnable r) {
        onChange = Objects.requireNonNull(r, "onChange");
    }

    /**
     * Starts from an image read back from the state directory (server restart): nobody is told, the device learns it
     * when it connects.
     */
    synchronized void restore(byte[] saved, long savedVersion) {
        if (saved.length != image.length) {
            throw new IllegalArgumentException("block " + this + ": saved image of " + saved.length + " bytes");
        }
        image = saved;
        version = savedVersion;
        issued = Math.max(issued, savedVersion);
        confirmedImage = saved;
        confirmedVersion = savedVersion;
    }

    /**
     * An accepted operator write of a DOWN block: gives it the next version, replaces the image and tells every
     * listener (the device's session sends it down).
     *
     * @param nowMillis wall time, which the version follows so it stays ordered across restarts that lost state
     * @return the version given
     */
    public long write(byte[] snapshot, long nowMillis) {
        long v;
        synchronized (this) {
            checkSize(snapshot);
            v = Versions.next(Math.max(issued, version), nowMillis);
            issued = v;
            version = v;
            image = snapshot;
            unconfirmed.put(v, snapshot);
            if (unconfirmed.size() > WriteWaiters.MAX_WAITING) {
                unconfirmed.remove(unconfirmed.keySet().iterator().next());
            }
            tellListeners();
        }
        onChange.run();
        return v;
    }

    /**
     * Waits for the device's answer to the write of {@code writeVersion}: {@code callback} runs once with APPLIED or
     * REJECTED (and with PENDING each time the device goes offline meanwhile, see {@link #deviceGone}). Runs at once
     * when the device already holds that version or a newer one.
     */
    public void awaitAnswer(long writeVersion, Consumer<WriteAnswer> callback) {
        WriteAnswer known;
        synchronized (this) {
            known = answerOf(writeVersion);
            if (known == null) {
                waiters.add(writeVersion, callback);
                return;
            }
        }
        callback.accept(known);
    }

    /** The device's answer to a write already given, or null. Under the lock. */
    private WriteAnswer answerOf(long writeVersion) {
        if (confirmedVersion >= writeVersion) {
            return new WriteAnswer(WriteOutcome.APPLIED, confirmedVersion, 0, "applied");
        }
        for (Map.Entry<Long, String> r : rejections.entrySet()) {
            if (r.getKey() >= writeVersion) {
                return new WriteAnswer(WriteOutcome.REJECTED, r.getKey(), 0, r.getValue());
            }
        }
        return null;
    }

    /** The device applied {@code appliedVersion}: it is what the device holds; every write up to it is applied. */
    public void confirmed(long appliedVersion) {
        List<Consumer<WriteAnswer>> told;
        synchronized (this) {
            byte[] applied = appliedVersion == version ? image : unconfirmed.get(appliedVersion);
            if (applied != null && appliedVersion >= confirmedVersion) {
                confirmedVersion = appliedVersion;
                confirmedImage = applied;
            }
            unconfirmed.keySet().removeIf(v -> v <= appliedVersion);
            told = waiters.settle(appliedVersion);
        }
        WriteWaiters.tell(told, new WriteAnswer(WriteOutcome.APPLIED, appliedVersion, 0, "applied"));
    }

    /**
     * The device refused {@code rejectedVersion}: every write up to it is rejected with {@code reason}; if it is our
     * newest image, the block falls back to what the device holds (listeners see the value go back), so server,
     * device and operators agree again.
     */
    public void rejected(long rejectedVersion, String reason) {
        List<Consumer<WriteAnswer>> told;
        boolean reverted = false;
        synchronized (this) {
            unconfirmed.keySet().removeIf(v -> v <= rejectedVersion);
            rejections.put(rejectedVersion, reason);
            if (rejections.size() > 16) {
                rejections.remove(rejections.keySet().iterator().next());
            }
            if (version == rejectedVersion) {
                image = confirmedImage;
                version = confirmedVersion;
                reverted = true;
                for (BlockSubscriber l : listeners) {
                    l.reverted(image, version);
                }
            }
            told = waiters.settle(rejectedVersion);
        }
        if (reverted) {
            onChange.run();
        }
        WriteWaiters.tell(told, new WriteAnswer(WriteOutcome.REJECTED, rejectedVersion, 0, reason));
    }

    /**
     * The device offered the image it holds at {@code offeredVersion} (it connected): a newer one than ours is
     * adopted (the server lost it, never had it, or crashed before saving it) and told to every listener.
     *
     * @return true if adopted
     */
    public boolean offered(byte[] held, long offeredVersion) {
        synchronized (this) {
            checkSize(held);
            if (offeredVersion <= version) {
                return false;
            }
            image = held;
            version = offeredVersion;
            issued = Math.max(issued, offeredVersion);
            confirmedImage = held;
            confirmedVersion = offeredVersion;
            tellListeners();
        }
        onChange.run();
        return true;
    }

    /** The device's session ended: writes still waiting are pending (and keep waiting for its return). */
    public void deviceGone(long sinceMillis) {
        List<Consumer<WriteAnswer>> told;
        long v;
        synchronized (this) {
            told = waiters.all();
            v = version;
        }
        WriteWaiters.tell(told, new WriteAnswer(WriteOutcome.PENDING, v, sinceMillis, DeviceAnswers.OFFLINE));
    }

    private void checkSize(byte[] snapshot) {
        if (snapshot.length != image.length) {
            throw new IllegalArgumentException("block " + deviceId + "." + name + ": snapshot of " + snapshot.length
                    + " bytes, block size " + image.length);
        }
    }

    /** Under the lock. */
    private void tellListeners() {
        for (BlockSubscriber l : listeners) {
            l.snapshot(image, version);
        }
    }

    /**
     * Replaces the image and tells every listener; on a DOWN block it is a {@link #write} at the current wall time.
     *
     * @throws IllegalArgumentException if the snapshot's size is not the block's
     */
    public void publish(byte[] snapshot) {
        if (direction == Direction.DOWN) {
            // A write from above, whoever makes it (operator session, console): it needs a new version, or the device
            // would take it for the image it already holds.
            write(snapshot, System.currentTimeMillis());
            return;
        }
        synchronized (this) {
            checkSize(snapshot);
            image = snapshot;
            tellListeners();
        }
        if (fixed) {
            onChange.run(); // a STATIC block (info) is kept too; it changes once per connection at most
        }
    }

    /**
     * Adds a listener and hands it the current image first, atomically with respect to publishes. A listener added
     * to a block the registry has dropped meanwhile is told {@link BlockSubscriber#removed} at once.
     */
    public void listen(BlockSubscriber listener) {
        synchronized (this) {
            if (!retired) {
                listeners.add(listener);
                listener.snapshot(image, version);
                return;
            }
        }
        listener.removed();
    }

    /** True once the registry has dropped this block (replaced by a block of another size or direction). */
    public synchronized boolean retired() {
        return retired;
    }

    /** Drops every listener and tells each, outside the lock, that the block is gone. Idempotent. */
    void retire() {
        List<BlockSubscriber> told;
        synchronized (this) {
            if (retired) {
                return;
            }
            retired = true;
            told = List.copyOf(listeners);
            listeners.clear();
        }
        for (BlockSubscriber l : told) {
            l.removed();
        }
    }

    /** Removes a listener; nothing more reaches it once this returns. */
    public synchronized void unlisten(BlockSubscriber listener) {
        listeners.remove(listener);
    }

    @Override
    public String toString() {
        return deviceId + "." + name + " (" + direction + ", " + image.length + " bytes)";
    }
}
