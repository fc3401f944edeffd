package org.ioswitch.common.link;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.link.CloseReason.Closer;
import org.ioswitch.common.block.SnapshotEncoder;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Ping;

/**
 * The outbound half of a link: the newest unsent snapshot per block, what the peer last received of each block, the
 * credit the peer has granted, and the writer thread that turns snapshots into DATA frames and keeps the link alive.
 *
 * <p>Memory is bounded by design: at most one pending snapshot per block (a newer one replaces it) plus one copy of
 * what was last sent, whatever the speed of the peer.
 */
final class Outbox {
    private final Link link;
    /** Largest DATA payload we send: the smaller of our and the peer's frame limit. */
    private final int maxPayload;
    private final int maxRanges;
    /** Guarded by {@code this}: newest snapshot not yet sent, per block, in offer order. */
    private final Map<Integer, Offer> pending = new LinkedHashMap<>();
    /** Writer thread only: the version last sent per block, for blocks published with one. */
    private final Map<Integer, Long> lastVersion = new HashMap<>();
    /** Owned by the writer thread, except {@link #forget} which goes through {@code forgotten}. */
    private final Map<Integer, byte[]> lastSent = new HashMap<>();
    /** Guarded by {@code this}: blocks whose next send must be whole. */
    private final List<Integer> forgotten = new ArrayList<>();
    /** Guarded by {@code this}: DATA payload bytes the peer still accepts. */
    private long credit;
    /** Writer thread only: snapshot sequence numbers, per block. */
    private final Map<Integer, Long> sequence = new HashMap<>();

    Outbox(Link link, int maxPayload, int maxRanges) {
        this.link = link;
        // A DATA frame of maxPayload bytes would need 6 more for its header: a 64 KiB limit gave 65,542-byte frames,
        // four full TLS records and a fifth of 6 bytes; header and payload together now fill exactly four.
        this.maxPayload = maxPayload - FrameWriter.HEADER_LENGTH;
        this.maxRanges = maxRanges;
    }

    /** A snapshot to send; {@code version} is its DATA snapshotSeq, or {@link #AUTO} for the link's own count. */
    private record Offer(byte[] image, long version) {
    }

    /** The link numbers the block's snapshots itself. */
    static final long AUTO = -1;

    synchronized void publish(int blockId, byte[] snapshot, long version) {
        pending.put(blockId, new Offer(snapshot, version));
        notifyAll();
    }

    synchronized void forget(int blockId) {
        forgotten.add(blockId);
        notifyAll();
    }

    synchronized void grant(long bytes) {
        credit += bytes;
        notifyAll();
    }

    synchronized void wake() {
        notifyAll();
    }

    void writeLoop() {
        long keepaliveNanos = link.options().keepalive().toNanos();
        long deadNanos = link.options().deadPeer().toNanos();
        long suspectNanos = link.options().suspectAfter().toNanos();
        long nextPing = System.nanoTime() + keepaliveNanos;
        try {
            while (!link.isClosed()) {
                int blockId = -1;
                Offer snapshot = null;
                synchronized (this) {
                    long now = System.nanoTime();
                    // Wake for the next ping and for the moments the peer turns suspect and dead, so a hung peer is
                    // found at deadPeer, not at the first ping after it.
                    long wake = wakeAt(nextPing, suspectNanos, deadNanos);
                    while (!link.isClosed() && pending.isEmpty() && forgotten.isEmpty() && now - wake < 0) {
                        TimeUnit.NANOSECONDS.timedWait(this, wake - now);
                        now = System.nanoTime();
                        wake = wakeAt(nextPing, suspectNanos, deadNanos);
                    }
                    for (Integer id : forgotten) {
                        lastSent.remove(id);
                        lastVersion.remove(id);
                    }
                    forgotten.clear();
                    if (!pending.isEmpty()) {
                        blockId = pending.keySet().iterator().next();
                        snapshot = pending.remove(blockId);
                    }
                }
                long now = System.nanoTime();
                if (now - link.lastHeardNanos() >= suspectNanos) {
                    link.suspect(now - link.lastHeardNanos());
                }
                if (now - link.lastHeardNanos() >= deadNanos) {
                    link.close(CloseCode.TIMEOUT, "peer silent for " + link.options().deadPeer().toMillis() + " ms",
                            Closer.LOCAL);
                    return;
                }
                if (now >= nextPing) {
                    link.write(new Ping(ThreadLocalRandom.current().nextLong()));
                    nextPing = now + keepaliveNanos;
                }
                if (snapshot != null) {
                    send(blockId, snapshot);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            link.close(CloseCode.SHUTDOWN, "writer interrupted", Closer.LOCAL);
        } catch (IOException e) {
            link.close(CloseCode.NORMAL, Link.CONNECTION_LOST + " while writing: " + e.getMessage(), Closer.PEER);
        }
    }

    /** The earliest of the next ping, the moment the peer turns suspect (unless it is) and the moment it is dead. */
    private long wakeAt(long nextPing, long suspectNanos, long deadNanos) {
        long heard = link.lastHeardNanos();
        long wake = nextPing;
        if (!link.isSilent() && heard + suspectNanos - wake < 0) {
            wake = heard + suspectNanos;
        }
        if (heard + deadNanos - wake < 0) {
            wake = heard + deadNanos;
        }
        return wake;
    }

    /** Sends the difference between what the peer has and {@code offer}, as frames within credit. */
    private void send(int blockId, Offer offer) throws IOException, InterruptedException {
        byte[] snapshot = offer.image();
        byte[] previous = lastSent.get(blockId);
        if (previous != null && previous.length != snapshot.length) {
            previous = null;
        }
        long seq = offer.version() == AUTO ? sequence.merge(blockId, 1L, Long::sum) : offer.version();
        List<Data> frames = SnapshotEncoder.encode(blockId, seq, previous, snapshot, maxPayload, maxRanges);
        Long sentVersion = lastVersion.get(blockId);
        if (frames.isEmpty() && offer.version() != AUTO && (sentVersion == null || sentVersion != seq)) {
            // Same bytes under a new version (an operator wrote the value the device has): the peer must still learn
            // the version, so it can answer for it. An empty complete snapshot says exactly that.
            frames = List.of(new Data(blockId, seq, Data.COMPLETE, List.of()));
        }
        if (offer.version() != AUTO) {
            lastVersion.put(blockId, seq);
        }
        for (Data data : frames) {
            takeCredit(data.payloadLength());
            if (link.isClosed()) {
                return;
            }
            link.write(data);
        }
        lastSent.put(blockId, snapshot);
    }

    private synchronized void takeCredit(int bytes) throws InterruptedException {
        while (credit < bytes && !link.isClosed()) {
            // Bounded wait so keepalive and dead-peer checks are not starved by a peer that stopped reading.
            wait(1000);
            if (System.nanoTime() - link.lastHeardNanos() > link.options().deadPeer().toNanos()) {
                link.close(CloseCode.TIMEOUT, "peer silent for " + link.options().deadPeer().toMillis()
                        + " ms and granting no credit", Closer.LOCAL);
                return;
            }
        }
        credit -= bytes;
    }
}
