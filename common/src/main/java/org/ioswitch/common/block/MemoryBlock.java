package org.ioswitch.common.block;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ioswitch.common.wire.Direction;
import org.tinylog.Logger;

/**
 * A named byte array of a device, replicated as snapshots. Writers change a working copy; {@link #publish()} turns
 * it into a new immutable {@link Snapshot} that readers and replication links see whole, never torn. A received
 * snapshot is installed with {@link #apply(Snapshot)}. The block guards itself: there is no global lock.
 *
 * <p>Threads: any thread may write, publish, apply and read. Listeners run on the publishing or applying thread,
 * one snapshot at a time and in order.
 */
public final class MemoryBlock {
    private final DeviceId device;
    private final BlockMap layout;
    private final Direction direction;
    private final Signals signals;

    // guards working, workingShared and seq
    private final Object lock = new Object();
    private byte[] working;
    // Copy on write: publish() hands the working array itself to the new snapshot instead of copying it, and the
    // next change copies it first. A write of the whole block then needs no copy of the old image at all.
    private boolean workingShared;
    private long seq;
    private volatile Snapshot current;
    private volatile boolean autoPublish;
    // held while a new snapshot is installed and announced, so listeners see snapshots in order
    private final Object announceLock = new Object();
    private final List<BlockListener> listeners = new CopyOnWriteArrayList<>();
    final List<SignalHandle.Registration> signalListeners = new CopyOnWriteArrayList<>();

    /** A block laid out by {@code layout} (use {@link BlockMap#raw} for a block without signals). */
    public MemoryBlock(DeviceId device, BlockMap layout, Direction direction) {
        this.device = Objects.requireNonNull(device, "device");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.direction = Objects.requireNonNull(direction, "direction");
        if (layout.size() < 1) {
            throw new IllegalArgumentException("block " + layout.name() + ": size must be >= 1, was " + layout.size());
        }
        this.working = new byte[layout.size()];
        this.current = Snapshot.wrap(0, new byte[layout.size()]);
        this.signals = new Signals(this);
    }

    /** The owning device. */
    public DeviceId device() {
        return device;
    }

    /** The block name, e.g. {@code exp}. */
    public String name() {
        return layout.name();
    }

    /** Which way the data flows. */
    public Direction direction() {
        return direction;
    }

    /** Size in bytes. */
    public int size() {
        return layout.size();
    }

    /** The signal layout. */
    public BlockMap layout() {
        return layout;
    }

    /** Typed access to the signals by name. */
    public Signals signals() {
        return signals;
    }

    /** A handle to one signal; throws IllegalArgumentException if the block has no signal of that name. */
    public SignalHandle signal(String name) {
        return signals.handle(name);
    }

    /** The latest snapshot, published or applied; seq 0 and all zero until the first. */
    public Snapshot snapshot() {
        return current;
    }

    /** When on, every write publishes at once. Off by default: write several values, then {@link #publish()}. */
    public void autoPublish(boolean on) {
        autoPublish = on;
    }

    /** True if writes publish at once. */
    public boolean autoPublish() {
        return autoPublish;
    }

    /** Copies bytes into the working copy at {@code offset}. */
    public void write(int offset, byte[] bytes) {
        Objects.checkFromIndexSize(offset, bytes.length, size());
        if (offset == 0 && bytes.length == size()) {
            synchronized (lock) {
                working = bytes.clone();
                workingShared = false;
            }
            if (autoPublish) {
                publish();
            }
            return;
        }
        update(w -> System.arraycopy(bytes, 0, w, offset, bytes.length));
    }

    /** Reads bytes from the working copy (what the next publish will contain). */
    public byte[] read(int offset, int length) {
        Objects.checkFromIndexSize(offset, length, size());
        synchronized (lock) {
            byte[] out = new byte[length];
            System.arraycopy(working, offset, out, 0, length);
            return out;
        }
    }

    /** Changes in the working copy, done under the block's lock. */
    interface Change {
        void apply(byte[] working);
    }

    /** Applies one change to the working copy under the lock, then publishes if auto-publish is on. */
    void update(Change change) {
        synchronized (lock) {
            if (workingShared) {
                working = working.clone();
                workingShared = false;
            }
            change.apply(working);
        }
        if (autoPublish) {
            publish();
        }
    }

    /** Reads the working copy under the lock. */
    <T> T readWorking(java.util.function.Function<byte[], T> reader) {
        synchronized (lock) {
            return reader.apply(working);
        }
    }

    /**
     * Takes the working copy as the next snapshot, atomically, and tells the listeners.
     *
     * @return the new snapshot
     */
    public Snapshot publish() {
        synchronized (announceLock) {
            Snapshot previous;
            Snapshot next;
            synchronized (lock) {
                previous = current;
                next = Snapshot.wrap(++seq, working);
                workingShared = true;
                current = next;
            }
            announce(previous, next);
            return next;
        }
    }

    /**
     * Installs a received snapshot as the working copy and the current snapshot, atomically, and tells the listeners.
     *
     * @throws IllegalArgumentException if the snapshot's size is not the block's size
     */
    public void apply(Snapshot received) {
        if (received.size() != size()) {
            throw new IllegalArgumentException("block " + this + ": snapshot of " + received.size()
                    + " bytes, expected " + size());
        }
        synchronized (announceLock) {
            Snapshot previous;
            synchronized (lock) {
                previous = current;
                working = received.raw();
                workingShared = true;
                seq = Math.max(seq, received.seq());
                current = received;
            }
            announce(previous, received);
        }
    }

    private void announce(Snapshot previous, Snapshot next) {
        for (BlockListener l : listeners) {
            try {
                l.changed(this, previous, next);
            } catch (RuntimeException e) {
                Logger.warn(e, "block {}: listener failed", this);
            }
        }
        for (SignalHandle.Registration r : signalListeners) {
            if (next.differs(previous, r.handle().signal())) {
                try {
                    r.listener().changed(r.handle(), next);
                } catch (RuntimeException e) {
                    Logger.warn(e, "block {}: listener of signal {} failed", this, r.handle().name());
                }
            }
        }
    }

    /** Adds a listener for every new snapshot. */
    public void addListener(BlockListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener. */
    public void removeListener(BlockListener listener) {
        listeners.remove(listener);
    }

    /** {@code exp.gina3.pekkahome} style: block name then device id. */
    @Override
    public String toString() {
        return layout.name() + "." + device;
    }
}
