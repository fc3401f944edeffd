package org.ioswitch.common.tunnel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tunnel.TunnelFrame.Ping;
import org.ioswitch.common.tunnel.TunnelFrame.StreamClose;
import org.ioswitch.common.tunnel.TunnelFrame.StreamCredit;
import org.ioswitch.common.tunnel.TunnelFrame.StreamData;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.link.CloseReason.Closer;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;
import org.tinylog.Logger;

/**
 * One end of a tunnel: many streams over one connection (after the PUBLISH handshake). A reader thread dispatches
 * frames, a writer thread sends control frames first and then stream data round-robin, one chunk per stream per
 * turn, and a keepalive thread pings and closes the tunnel when the peer has been silent too long. The switchbox end
 * opens streams ({@link #open}); the home server end is given a {@link StreamHandler} that receives them. A cluster
 * node link ({@link #nodeLink}) is both at once: either node opens streams, the dialing node with odd ids and the
 * accepting node with even ids (as in HTTP/2), so the two never pick the same id.
 *
 * <pre>
 *   RUNNING --TUNNEL_CLOSE sent or received, keepalive timeout, I/O error--&gt; CLOSED (every stream ends)
 * </pre>
 */
public final class Tunnel implements Closeable {
    /** Receives the streams the peer opens; called on a new thread per stream. */
    @FunctionalInterface
    public interface StreamHandler {
        /** A new stream; the handler owns it and closes it when done. */
        void opened(TunnelStream stream);
    }

    private final String name;
    private final InputStream in;
    private final OutputStream out;
    private final Closeable transport;
    private final TunnelOptions options;
    private final int peerMaxFrame;
    private final StreamHandler handler;
    /** Which frames this end receives: SWITCHBOX (opens), HOME (accepts) or NODE (both). */
    private final TunnelState.End end;
    /** The first id this end opens and the step to the next: 1 and 1, or on a node link 1 (dialer) / 2 and 2. */
    private final int firstId;
    private final int idStep;
    private final ConcurrentHashMap<Integer, TunnelStream> streams = new ConcurrentHashMap<>();
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicInteger nextId = new AtomicInteger();
    private final TunnelWriter writer;
    /** Stream payload bytes received and sent, for metrics (per-tunnel bytes). */
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch endLatch = new CountDownLatch(1);
    private final CompletableFuture<CloseReason> ended = new CompletableFuture<>();
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile long rttNanos;

    /**
     * A tunnel over an established connection; call {@link #start()}.
     *
     * @param name for logs and thread names, e.g. {@code pekkahome@10.0.0.7:51234}
     * @param in the connection's input, positioned after the handshake
     * @param out the connection's output
     * @param transport closed when the tunnel ends (the TLS socket)
     * @param options this end's limits and keepalive
     * @param peerMaxFrame the largest frame payload the peer accepts
     * @param handler receives streams the peer opens, or null when this end opens them (a STREAM_OPEN is refused)
     */
    public Tunnel(String name, InputStream in, OutputStream out, Closeable transport, TunnelOptions options,
            int peerMaxFrame, StreamHandler handler) {
        this(name, in, out, transport, options, peerMaxFrame, handler,
                handler == null ? TunnelState.End.SWITCHBOX : TunnelState.End.HOME, 1);
    }

    /**
     * A cluster node link: both ends open streams ({@link #open}) and receive the other's ({@code handler}). The
     * dialing end's stream ids are odd, the accepting end's even; a STREAM_OPEN with this end's parity is a
     * PROTOCOL_ERROR.
     *
     * @param dialed true on the node that dialed the link
     */
    public static Tunnel nodeLink(String name, InputStream in, OutputStream out, Closeable transport,
            TunnelOptions options, int peerMaxFrame, StreamHandler handler, boolean dialed) {
        return new Tunnel(name, in, out, transport, options, peerMaxFrame, Objects.requireNonNull(handler, "handler"),
                TunnelState.End.NODE, dialed ? 1 : 2);
    }

    private Tunnel(String name, InputStream in, OutputStream out, Closeable transport, TunnelOptions options,
            int peerMaxFrame, StreamHandler handler, TunnelState.End end, int firstId) {
        this.end = end;
        this.firstId = firstId;
        this.idStep = end == TunnelState.End.NODE ? 2 : 1;
        this.name = Objects.requireNonNull(name, "name");
        this.in = new BufferedInputStream(Objects.requireNonNull(in, "in"), 64 * 1024);
        this.out = new BufferedOutputStream(Objects.requireNonNull(out, "out"), 64 * 1024);
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        this.peerMaxFrame = peerMaxFrame;
        this.handler = handler;
        this.writer = new TunnelWriter(this, this.out);
    }

    /** Stream payload bytes received on this tunnel so far. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Stream payload bytes sent on this tunnel so far. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    void sent(int streamBytes) {
        bytesOut.add(streamBytes);
    }

    /** Starts the reader, writer and keepalive threads. */
    public void start() {
        Threads.start("ioswitch-tunnel-read " + name, this::readLoop);
        Threads.start("ioswitch-tunnel-write " + name, writer);
        Threads.start("ioswitch-tunnel-keepalive " + name, this::keepaliveLoop);
    }

    /** The name given at construction. */
    public String name() {
        return name;
    }

    /** This end's settings. */
    public TunnelOptions options() {
        return options;
    }

    /** A fresh stream id for {@link #open} (on a node link: odd on the dialing end, even on the accepting end). */
    public int nextStreamId() {
        return nextId.updateAndGet(i -> i == 0 || i > Integer.MAX_VALUE - idStep ? firstId : i + idStep);
    }

    /**
     * Opens a stream toward the peer and grants it the initial window.
     *
     * @throws WireException LIMIT when the tunnel already holds {@code maxStreams} streams, SHUTDOWN when it is closed
     */
    public synchronized TunnelStream open(StreamOpen info) throws WireException {
        if (closing.get()) {
            throw new WireException(CloseCode.SHUTDOWN, "tunnel " + name + " is closed");
        }
        if (streams.size() >= options.maxStreams()) {
            throw new WireException(CloseCode.LIMIT, "tunnel " + name + " holds the maximum of "
                    + options.maxStreams() + " streams");
        }
        TunnelStream stream = add(info);
        writer.control(info);
        writer.control(new StreamCredit(info.streamId(), options.initialWindow()));
        return stream;
    }

    /** Open streams. */
    public List<TunnelStream> streams() {
        return List.copyOf(streams.values());
    }

    /** Streams opened here that the peer has not yet accepted with its first credit. */
    public int pendingOpens() {
        return (int) streams.values().stream().filter(s -> !s.accepted().isDone()).count();
    }

    /** Bytes reserved for receive windows, at most {@link TunnelOptions#memoryCap()} plus initial windows. */
    public long reservedWindowBytes() {
        return reserved.get();
    }

    /** The last measured round-trip time, or zero before the first PONG. */
    public Duration rtt() {
        return Duration.ofNanos(rttNanos);
    }

    /** True until the tunnel ends. */
    public boolean isOpen() {
        return !closing.get();
    }

    /** Completes when the tunnel ends, with why and who ended it. */
    public CompletableFuture<CloseReason> ended() {
        return ended;
    }

    /** Closes normally. */
    @Override
    public void close() {
        close(CloseCode.NORMAL, "");
    }

    /** Sends TUNNEL_CLOSE with the reason (after at most a short wait for the writer), then closes the transport. */
    public void close(CloseCode code, String text) {
        finish(code, text, Closer.LOCAL, true);
    }

    private void readLoop() {
        try {
            while (!closing.get()) {
                TunnelFrame frame = TunnelCodec.read(in, options.maxFrameSize());
                if (frame == null) {
                    finish(CloseCode.INTERNAL, "connection ended without TUNNEL_CLOSE", Closer.PEER, false);
                    return;
                }
                lastHeardNanos = System.nanoTime();
                Logger.trace("tunnel {} read {}", name, frame);
                dispatch(frame);
            }
        } catch (WireException e) {
            Logger.info("tunnel {}: {}", name, e.getMessage());
            finish(e.code(), e.text(), Closer.LOCAL, true);
        } catch (IOException e) {
            finish(CloseCode.INTERNAL, "read failed: " + e.getMessage(), Closer.PEER, false);
        }
    }

    private void dispatch(TunnelFrame frame) throws WireException {
        // The tunnel's protocol table: a home server end receives streams, a switchbox end never does, a node both.
        TunnelState.RUNNING.check(end, frame.type());
        if (frame instanceof StreamData d) {
            bytesIn.add(d.bytes().length);
            TunnelStream s = streams.get(d.streamId());
            if (s != null) {
                streamFault(s, () -> s.deliver(d.bytes()));
            }
        } else if (frame instanceof StreamCredit c) {
            TunnelStream s = streams.get(c.streamId());
            if (s != null) {
                streamFault(s, () -> s.addCredit(c.bytes()));
            }
        } else if (frame instanceof StreamClose c) {
            TunnelStream s = streams.remove(c.streamId());
            if (s != null) {
                reserved.addAndGet(-s.window());
                s.peerClosed(c);
            }
        } else if (frame instanceof StreamOpen o) {
            accept(o);
        } else if (frame instanceof Ping p) {
            if (p.pong()) {
                long rtt = System.nanoTime() - p.token();
                if (rtt >= 0 && rtt < TimeUnit.MINUTES.toNanos(5)) {
                    rttNanos = rtt;
                }
            } else {
                writer.control(new Ping(true, p.token()));
            }
        } else if (frame instanceof TunnelClose c) {
            finish(c.code(), c.text(), Closer.PEER, false);
        }
    }

    private interface StreamStep {
        void run() throws WireException;
    }

    /** A stream that breaks the rules is reset alone; the other streams go on. */
    private void streamFault(TunnelStream s, StreamStep step) {
        try {
            step.run();
        } catch (WireException e) {
            Logger.info("tunnel {}: resetting {}: {}", name, s, e.getMessage());
            s.close(e.code(), e.text());
        }
    }

    private void accept(StreamOpen o) throws WireException {
        if (idStep == 2 && o.streamId() % 2 == firstId % 2) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "STREAM_OPEN: stream " + o.streamId() + " has this"
                    + " end's parity (on a node link the dialing node opens odd ids, the accepting node even ids)");
        }
        if (streams.containsKey(o.streamId())) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "STREAM_OPEN: stream " + o.streamId() + " is already open");
        }
        if (streams.size() >= options.maxStreams()) {
            writer.control(new StreamClose(o.streamId(), CloseCode.LIMIT, "tunnel holds the maximum of "
                    + options.maxStreams() + " streams"));
            return;
        }
        TunnelStream stream = add(o);
        writer.control(new StreamCredit(o.streamId(), options.initialWindow()));
        Threads.start("ioswitch-stream " + o.streamId() + " " + o.clientAddress(), () -> {
            try {
                handler.opened(stream);
            } catch (RuntimeException e) {
                Logger.error(e, "stream handler failed on {}", stream);
                stream.close(CloseCode.INTERNAL, "stream handler failed");
            }
        });
    }

    private TunnelStream add(StreamOpen info) {
        TunnelStream stream = new TunnelStream(this, info, options.initialWindow(), peerMaxFrame);
        reserved.addAndGet(options.initialWindow());
        streams.put(info.streamId(), stream);
        return stream;
    }

    private void keepaliveLoop() {
        long interval = options.keepaliveInterval().toNanos();
        long timeout = options.keepaliveTimeout().toNanos();
        try {
            long nextPing = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                long silent = now - lastHeardNanos;
                if (silent > timeout) {
                    finish(CloseCode.TIMEOUT, "no frame from the peer for " + TimeUnit.NANOSECONDS.toMillis(silent)
                            + " ms (keepaliveTimeout " + options.keepaliveTimeout() + ")", Closer.LOCAL, true);
                    return;
                }
                if (now - nextPing >= 0) {
                    writer.control(new Ping(false, now));
                    nextPing = now + interval;
                }
                // Wake at the next ping or when the silence reaches the timeout, whichever is first: a hung peer is
                // found at keepaliveTimeout, not up to one interval later.
                long wake = Math.min(nextPing, lastHeardNanos + timeout + 1_000_000);
                if (endLatch.await(Math.max(1_000_000, wake - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Called by streams.
    void schedule(TunnelStream s) {
        writer.schedule(s);
    }

    /** See {@link TunnelWriter#writeNow}: false when the chunk must be queued instead. */
    boolean writeNow(TunnelStream s, byte[] b, int off, int len) throws IOException {
        return writer.writeNow(s, b, off, len);
    }

    void credit(TunnelStream s, int bytes) {
        if (streams.get(s.id()) == s) {
            writer.control(new StreamCredit(s.id(), bytes));
        }
    }

    void forget(TunnelStream s, long window) {
        if (streams.remove(s.id(), s)) {
            reserved.addAndGet(-window);
        }
    }

    boolean reserve(long extra) {
        long now;
        do {
            now = reserved.get();
            if (now + extra > options.memoryCap()) {
                return false;
            }
        } while (!reserved.compareAndSet(now, now + extra));
        return true;
    }

    long rttNanos() {
        return rttNanos;
    }

    boolean isClosing() {
        return closing.get();
    }

    /** Writer thread: writing failed. */
    void writeFailed(IOException e) {
        finish(CloseCode.INTERNAL, "write failed: " + e.getMessage(), Closer.PEER, false);
    }

    private void finish(CloseCode code, String text, Closer by, boolean sendClose) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        endLatch.countDown();
        CloseCode streamCode = code == CloseCode.NORMAL ? CloseCode.SHUTDOWN : code;
        for (TunnelStream s : streams.values()) {
            s.peerClosed(new StreamClose(s.id(), streamCode, "tunnel closed: " + text));
        }
        streams.clear();
        reserved.set(0);
        if (sendClose) {
            writer.finish(new TunnelClose(code, text));
            if (!writer.isCurrentThread()) {
                writer.awaitDone(Duration.ofSeconds(2));
            }
        } else {
            writer.finish(null);
        }
        try {
            transport.close();
        } catch (IOException e) {
            Logger.debug(e, "closing tunnel {}", name);
        }
        Logger.info("tunnel {} closed by {}: {} {}", name, by, code, text);
        ended.complete(new CloseReason(code, text, by));
    }
}
