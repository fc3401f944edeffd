package org.ioswitch.common.net;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bound on TLS handshakes in progress on one listener, with a bounded queue in front of it. A full handshake is
 * CPU work (key exchange, signature, the peer's chain); thousands started at once after a restart share the cores so
 * thinly that each outlasts its peer's connect deadline and nobody gets in. Here at most {@code slots} run at once,
 * up to {@code queue} more wait their turn (first come, first served), and a connection beyond both is refused at
 * accept, before any TLS work, so the peer's jittered backoff spreads the storm.
 *
 * <pre>
 *   accept ──admit()──► waiting ──awaitTurn()──► in progress (TLS handshake) ──close()──► done
 *     │ slots + queue full   │ no slot within the wait
 *     ▼                      ▼
 *   refused (no TLS)       expired (no TLS)
 * </pre>
 */
public final class HandshakeGate {
    private final int slots;
    private final int queue;
    private final Semaphore free;
    /** Admitted connections not yet done: waiting and in progress. */
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger peakInProgress = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final LongAdder expired = new LongAdder();

    /**
     * A gate letting {@code slots} handshakes run at once and {@code queue} more wait.
     *
     * @throws IllegalArgumentException if {@code slots < 1} or {@code queue < 0}
     */
    public HandshakeGate(int slots, int queue) {
        if (slots < 1) {
            throw new IllegalArgumentException("handshake slots must be >= 1, was " + slots);
        }
        if (queue < 0) {
            throw new IllegalArgumentException("handshake queue must be >= 0, was " + queue);
        }
        this.slots = slots;
        this.queue = queue;
        this.free = new Semaphore(slots, true);
    }

    /**
     * At accept: a place in the queue for this connection, or null (counted as refused) when {@code slots + queue}
     * connections are already admitted; then the caller closes it without any TLS work.
     */
    public Ticket admit() {
        while (true) {
            int n = admitted.get();
            if (n >= slots + queue) {
                refused.increment();
                return null;
            }
            if (admitted.compareAndSet(n, n + 1)) {
                return new Ticket();
            }
        }
    }

    /** Handshakes running now. */
    public int inProgress() {
        return inProgress.get();
    }

    /** Admitted connections waiting for a slot now. */
    public int waiting() {
        return Math.max(0, admitted.get() - inProgress.get());
    }

    /** The most handshakes that ever ran at once (never above {@link #slots()}). */
    public int peakInProgress() {
        return peakInProgress.get();
    }

    /** Handshakes allowed at once. */
    public int slots() {
        return slots;
    }

    /** Connections allowed to wait for a slot. */
    public int queue() {
        return queue;
    }

    /** Connections refused at accept because slots and queue were full. */
    public long refusedTotal() {
        return refused.sum();
    }

    /** Admitted connections closed because no slot came free within their wait. */
    public long expiredTotal() {
        return expired.sum();
    }

    /**
     * One admitted connection's place: {@link #awaitTurn} before the TLS handshake, {@link #close()} when it ended
     * (or the connection did). Not shared between threads.
     */
    public final class Ticket implements AutoCloseable {
        private boolean holdsSlot;
        private final AtomicBoolean done = new AtomicBoolean();

        private Ticket() {
        }

        /**
         * Waits (first come, first served) until a handshake slot is free; returns how long it waited.
         *
         * @throws SocketTimeoutException no slot came free within {@code maxWait} (the ticket is then closed)
         * @throws InterruptedIOException the thread was interrupted (the ticket is then closed)
         */
        public Duration awaitTurn(Duration maxWait) throws SocketTimeoutException, InterruptedIOException {
            if (holdsSlot || done.get()) {
                throw new IllegalStateException("awaitTurn once per ticket");
            }
            long start = System.nanoTime();
            boolean got;
            try {
                got = free.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new InterruptedIOException("interrupted while waiting for a TLS handshake slot");
            }
            if (!got) {
                expired.increment();
                close();
                throw new SocketTimeoutException("no TLS handshake slot within " + maxWait.toMillis() + " ms ("
                        + slots + " handshakes in progress, " + waiting() + " waiting)");
            }
            holdsSlot = true;
            int now = inProgress.incrementAndGet();
            peakInProgress.accumulateAndGet(now, Math::max);
            return Duration.ofNanos(System.nanoTime() - start);
        }

        /** Gives the slot (if taken) and the place back; idempotent. */
        @Override
        public void close() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (holdsSlot) {
                inProgress.decrementAndGet();
                free.release();
            }
            admitted.decrementAndGet();
        }
    }
}
