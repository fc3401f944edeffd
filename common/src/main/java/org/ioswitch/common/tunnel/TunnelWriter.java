package org.ioswitch.common.tunnel;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.tinylog.Logger;

/**
 * The writer of a tunnel. Control frames (open, credit, close, ping) go first; then streams with queued data take
 * turns, one chunk each, so a stream with much data cannot starve the others. Flushes when both queues are empty. When
 * nothing is queued and nobody is writing, a stream's own thread writes its chunk itself ({@link #writeNow}); one
 * thread at a time has the turn at writing.
 */
final class TunnelWriter implements Runnable {
    private final Tunnel tunnel;
    private final OutputStream out;
    private final CountDownLatch done = new CountDownLatch(1);
    // All guarded by this.
    private final ArrayDeque<TunnelFrame> control = new ArrayDeque<>();
    private final ArrayDeque<TunnelStream> ready = new ArrayDeque<>();
    private final Set<TunnelStream> scheduled = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean finishing;
    /** True while one thread has the turn at writing to {@code out}: the writer thread or a {@link #writeNow} caller. */
    private boolean busy;
    private TunnelClose last;
    private volatile Thread thread;
    /** What {@link #next} returns when nothing is queued and it may not wait. */
    private static final Object IDLE = new Object();

    TunnelWriter(Tunnel tunnel, OutputStream out) {
        this.tunnel = tunnel;
        this.out = out;
    }

    synchronized void control(TunnelFrame frame) {
        if (!finishing) {
            control.add(frame);
            notifyAll();
        }
    }

    synchronized void schedule(TunnelStream s) {
        if (!finishing && scheduled.add(s)) {
            ready.add(s);
            notifyAll();
        }
    }

    /** Ends the writer: writes {@code close} after the control frames already queued, or stops at once if null. */
    synchronized void finish(TunnelClose close) {
        finishing = true;
        last = close;
        ready.clear();
        scheduled.clear();
        if (close == null) {
            control.clear();
        }
        notifyAll();
    }

    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    void awaitDone(Duration timeout) {
        try {
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Logger.debug("tunnel {}: writer did not finish within {}", tunnel.name(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes one STREAM_DATA frame on the calling thread, and flushes it, when the writer is idle: nothing queued and
     * nobody writing. This saves the bulk path a copy into a queued chunk and a hand-off to the writer thread per
     * chunk (a wake-up at each end). Fairness is kept: with anything queued, control frames or other streams' turns,
     * the caller queues its chunk behind them instead ({@code false}). The caller may block here only in the
     * transport's own write, as the writer thread would; it never waits for another stream.
     *
     * @return false when the frame must be queued instead (writer busy, frames queued, tunnel ending, stream closed
     *         or credit gone meanwhile)
     */
    boolean writeNow(TunnelStream s, byte[] b, int off, int len) throws IOException {
        synchronized (this) {
            if (busy || finishing || !control.isEmpty() || !ready.isEmpty()) {
                return false;
            }
            busy = true;
        }
        try {
            if (!s.claimForWrite(len)) {
                return false;
            }
            TunnelCodec.writeData(out, s.id(), b, off, len);
            out.flush();
        } catch (IOException e) {
            tunnel.writeFailed(e);
            throw e;
        } finally {
            release();
        }
        tunnel.sent(len);
        return true;
    }

    /** Ends a turn at writing; wakes the writer thread only when something waits for it. */
    private synchronized void release() {
        busy = false;
        if (finishing || !control.isEmpty() || !ready.isEmpty()) {
            notifyAll();
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            while (true) {
                Object got = next(false);
                if (got == IDLE) {
                    // Nothing is queued now: push out what was written before waiting. Deciding this from the
                    // queues after a write was not enough: a queued stream may turn out to have nothing to send
                    // (reset meanwhile), and the frames before it then sat in the buffer.
                    try {
                        out.flush();
                    } finally {
                        release();
                    }
                    got = next(true);
                }
                try {
                    if (got == null) {
                        out.flush();
                        return;
                    }
                    TunnelFrame frame = (TunnelFrame) got;
                    if (frame instanceof TunnelFrame.StreamData d) {
                        TunnelCodec.writeData(out, d.streamId(), d.bytes(), 0, d.bytes().length);
                        tunnel.sent(d.bytes().length);
                    } else {
                        out.write(TunnelCodec.encode(frame));
                    }
                    if (frame instanceof TunnelClose) {
                        out.flush();
                        return;
                    }
                } finally {
                    release();
                }
            }
        } catch (IOException e) {
            tunnel.writeFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }

    /**
     * The next frame to write, with the turn at writing taken ({@link #release} ends it); {@link #IDLE} (turn taken,
     * to flush) when nothing is queued and {@code mayBlock} is false; null (turn taken) when the writer should stop.
     * While a caller of {@link #writeNow} holds the turn, this waits: that caller flushes what it wrote.
     */
    private Object next(boolean mayBlock) throws InterruptedException {
        while (true) {
            TunnelStream s;
            synchronized (this) {
                while (busy || (control.isEmpty() && ready.isEmpty())) {
                    if (!busy) {
                        if (finishing) {
                            busy = true;
                            TunnelClose close = last;
                            last = null;
                            return close;
                        }
                        if (!mayBlock) {
                            busy = true;
                            return IDLE;
                        }
                    }
                    wait();
                }
                busy = true;
                TunnelFrame frame = control.poll();
                if (frame != null) {
                    return frame;
                }
                s = ready.poll();
                scheduled.remove(s);
            }
            TunnelFrame frame = s.pollOutbound();
            if (s.hasOutbound()) {
                schedule(s);
            }
            if (frame != null) {
                return frame;
            }
            release();
        }
    }
}
