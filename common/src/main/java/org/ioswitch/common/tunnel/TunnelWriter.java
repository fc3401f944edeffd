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
 * The one writer of a tunnel. Control frames (open, credit, close, ping) go first; then streams with queued data
 * take turns, one chunk each, so a stream with much data cannot starve the others. Flushes when both queues are empty.
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
                    out.flush();
                    got = next(true);
                }
                if (got == null) {
                    out.flush();
                    return;
                }
                TunnelFrame frame = (TunnelFrame) got;
                if (frame instanceof TunnelFrame.StreamData d) {
                    TunnelCodec.writeData(out, d.streamId(), d.bytes());
                    tunnel.sent(d.bytes().length);
                } else {
                    out.write(TunnelCodec.encode(frame));
                }
                if (frame instanceof TunnelClose) {
                    out.flush();
                    return;
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
     * The next frame to write; {@link #IDLE} when nothing is queued and {@code mayBlock} is false; null when the
     * writer should stop.
     */
    private Object next(boolean mayBlock) throws InterruptedException {
        while (true) {
            TunnelStream s;
            synchronized (this) {
                while (control.isEmpty() && ready.isEmpty()) {
                    if (finishing) {
                        TunnelClose close = last;
                        last = null;
                        return close;
                    }
                    if (!mayBlock) {
                        return IDLE;
                    }
                    wait();
                }
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
        }
    }
}
