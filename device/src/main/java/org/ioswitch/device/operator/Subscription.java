package org.ioswitch.device.operator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.block.SnapshotAssembler;
import org.ioswitch.common.wire.Ack;

/**
 * One block an operator subscribed to: the server's block id, a local mirror of its content (applied whole at each
 * complete snapshot), the consumers told about each snapshot, and the writes waiting for their ACK.
 */
final class Subscription {
    final String device;
    final String block;
    final int serverId;
    final MemoryBlock mirror;
    /** Reader thread only. */
    final SnapshotAssembler assembler;
    final CompletableFuture<Snapshot> first = new CompletableFuture<>();
    /** Fails when the server withdraws the block (BLOCK_REMOVE): whoever waits on its content stops waiting. */
    final CompletableFuture<Void> gone = new CompletableFuture<>();
    final List<Consumer<Snapshot>> consumers = new CopyOnWriteArrayList<>();
    /** Guarded by itself: writes sent and not yet acknowledged. */
    final List<CompletableFuture<Ack>> pendingWrites = new java.util.ArrayList<>();

    Subscription(String device, String block, int serverId, MemoryBlock mirror) {
        this.device = device;
        this.block = block;
        this.serverId = serverId;
        this.mirror = mirror;
        this.assembler = new SnapshotAssembler(serverId, mirror.size());
    }

    /** Applies a complete snapshot from the server and tells everyone. Reader thread. */
    void received(Snapshot s) {
        mirror.apply(s);
        first.complete(s);
        for (Consumer<Snapshot> c : consumers) {
            c.accept(s);
        }
    }

    /** The link went silent or ended ({@code true}: show values stale) or is heard again ({@code false}). */
    void silence(boolean silent) {
        Snapshot now = mirror.snapshot();
        for (Consumer<Snapshot> c : consumers) {
            if (c instanceof SignalListener l) {
                if (silent) {
                    l.stale(now);
                } else {
                    l.replay(now);
                }
            }
        }
    }

    /** An ACK for this block: it answers every write sent before it (the link may have coalesced them). */
    void acknowledged(Ack ack) {
        List<CompletableFuture<Ack>> done;
        synchronized (pendingWrites) {
            done = List.copyOf(pendingWrites);
            pendingWrites.clear();
        }
        done.forEach(f -> f.complete(ack));
    }
}
