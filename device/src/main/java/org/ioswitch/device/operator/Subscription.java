package org.ioswitch.device.operator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.block.SnapshotAssembler;
import org.ioswitch.common.wire.Ack;
import org.ioswitch.common.wire.WriteResult;

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
    final List<Write> pendingWrites = new java.util.ArrayList<>();
    /** Guarded by {@link #pendingWrites}: writes the server accepted, waiting for the device's answer. */
    private final List<Write> answering = new java.util.ArrayList<>();

    /** One write: the server's ACK, then the device's answer; {@code seq} is the link's snapshot that carried it. */
    static final class Write {
        final CompletableFuture<Ack> ack = new CompletableFuture<>();
        final CompletableFuture<WriteResult> result = new CompletableFuture<>();
        long seq;
    }

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
            if (c instanceof SignalValueFeed l) {
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
        List<Write> done;
        synchronized (pendingWrites) {
            done = List.copyOf(pendingWrites);
            pendingWrites.clear();
            if (ack.accepted()) {
                for (Write w : done) {
                    w.seq = ack.snapshotSeq();
                    answering.add(w);
                }
            }
        }
        done.forEach(w -> w.ack.complete(ack));
    }

    /** The device's answer (through the server) to every accepted write up to the result's snapshot. */
    void answered(WriteResult result) {
        List<Write> done = new java.util.ArrayList<>();
        synchronized (pendingWrites) {
            answering.removeIf(w -> {
                if (w.seq <= result.snapshotSeq()) {
                    done.add(w);
                    return true;
                }
                return false;
            });
        }
        done.forEach(w -> w.result.complete(result));
    }

    /** Fails every write still waiting (the block or the connection is gone). */
    void failWrites(Exception e) {
        List<Write> all;
        synchronized (pendingWrites) {
            all = new java.util.ArrayList<>(pendingWrites);
            all.addAll(answering);
            pendingWrites.clear();
            answering.clear();
        }
        for (Write w : all) {
            w.ack.completeExceptionally(e);
            w.result.completeExceptionally(e);
        }
    }
}
