package org.ioswitch.server.registry;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ioswitch.common.wire.Direction;

/**
 * One block of one device as the server holds it: its latest whole snapshot and its listeners. It guards itself:
 * a publish replaces the image and tells every listener under the block's lock, so listeners see snapshots in order
 * and a new listener gets the current image before any later one.
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

    Block(String deviceId, String name, Direction direction, int size, boolean fixed) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.name = Objects.requireNonNull(name, "name");
        this.direction = Objects.requireNonNull(direction, "direction");
        this.fixed = fixed;
        this.image = new byte[size];
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

    /**
     * Replaces the image and tells every listener.
     *
     * @throws IllegalArgumentException if the snapshot's size is not the block's
     */
    public synchronized void publish(byte[] snapshot) {
        if (snapshot.length != image.length) {
            throw new IllegalArgumentException("block " + deviceId + "." + name + ": snapshot of " + snapshot.length
                    + " bytes, block size " + image.length);
        }
        image = snapshot;
        for (BlockSubscriber l : listeners) {
            l.snapshot(snapshot);
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
                listener.snapshot(image);
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
