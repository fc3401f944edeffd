package org.ioswitch.common.link;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ioswitch.common.link.CloseReason.Closer;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Credit;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Ping;
import org.ioswitch.common.wire.Pong;
import org.ioswitch.common.wire.ProtocolState;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.WireException;
import org.tinylog.Logger;

/**
 * One peer over one socket, after the hello: a reader thread that hands frames to a {@link FrameHandler}, a writer
 * thread that sends block snapshots within the peer's credit (coalescing to the newest) and keeps the link alive, and
 * an idempotent close that tells the peer why.
 *
 * <pre>
 *   start ──► LIVE (or PAIRING) ──close(code, text)──► CLOSED
 *               │  reader: frame checked against the protocol table (receiver, state), then
 *               │          frames → handler; Ping → Pong; Credit → outbox; Close → CLOSED (by PEER)
 *               │  writer: Data within credit; Ping every keepalive; silent for deadPeer → CLOSED (TIMEOUT)
 * </pre>
 *
 * <p>Thread ownership: the reader thread owns {@code reader}; {@code writer} is shared and guarded by
 * {@code writeLock}, so control frames from any thread and data frames from the writer thread interleave whole.
 */
public final class Link implements AutoCloseable {
    /** The text of a PEER close when the stream ended without a close frame (the peer crashed or was cut off). */
    public static final String NO_CLOSE_FRAME = "peer closed the connection without a close frame";
    /** The start of a PEER close's text when reading or writing failed (network error). */
    public static final String CONNECTION_LOST = "connection lost";
    private final Socket socket;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final Object writeLock = new Object();
    private final String peer;
    private final LinkOptions options;
    private final FrameHandler handler;
    private final Outbox outbox;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    /**
     * Reader thread only: DATA payload bytes consumed but not yet granted back. Credit goes back in batches, not per
     * frame: a CREDIT is a TLS record, a syscall and a wake-up of the peer's reader, which on a bulk transfer of 64 KiB
     * frames cost as much CPU as a memory copy of the data.
     */
    private long owedCredit;
    /** Grant back once this much is owed; small enough that the peer always has a whole frame's credit left. */
    private final long creditBatch;
    /** Written by the reader thread, read by the writer thread for the dead-peer check. */
    private volatile long lastHeardNanos = System.nanoTime();
    /** Set by the writer thread when the peer has been silent for suspectAfter, cleared by the reader on a frame. */
    private final AtomicBoolean silent = new AtomicBoolean();
    /** Which row of the protocol table every arriving frame is checked against. */
    private final Receiver receiver;
    /** Where the link is in the protocol; moved by whoever owns the session (pairing approval), read per frame. */
    private volatile ProtocolState state;

    private Link(Socket socket, FrameReader reader, FrameWriter writer, String peer, int peerMaxFrame,
                 LinkOptions options, FrameHandler handler) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.options = Objects.requireNonNull(options, "options");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.outbox = new Outbox(this, Math.min(peerMaxFrame, options.limits().maxFrameSize()),
                options.limits().maxRanges());
        this.creditBatch = creditBatch(options.creditWindow(), options.limits().maxFrameSize());
        this.receiver = Objects.requireNonNull(handler.receiver(), "receiver");
        this.state = Objects.requireNonNull(handler.initialState(), "initialState");
    }

    /**
     * Starts a link on a socket whose hello exchange is done. {@code peerMaxFrame} is the largest frame the peer
     * accepts; both sides start with the credit window of {@code options}.
     */
    public static Link start(Socket socket, FrameReader reader, FrameWriter writer, String peer, int peerMaxFrame,
                             LinkOptions options, FrameHandler handler) {
        Link link = new Link(socket, reader, writer, peer, peerMaxFrame, options, handler);
        reader.reuseDataBuffers(); // see FrameHandler: a DATA frame's bytes live until onFrame returns
        try {
            // Frames are flushed whole; with Nagle on, a small frame waits for the ACK of the one before (up to the
            // peer's 40 ms delayed ACK). Accepted sockets do not inherit the client side's setting, so set it here.
            socket.setTcpNoDelay(true);
        } catch (java.net.SocketException e) {
            Logger.debug("{}: cannot set TCP_NODELAY: {}", peer, e.getMessage());
        }
        link.outbox.grant(options.creditWindow());
        Threads.start("ioswitch-read " + peer, link::readLoop);
        Threads.start("ioswitch-write " + peer, link.outbox::writeLoop);
        return link;
    }

    /**
     * Half the window, but never so much that the peer could be left with less credit than one frame: with
     * everything consumed, at most {@code batch - 1} bytes are owed, so the peer has {@code window - batch + 1} left.
     */
    static long creditBatch(int window, int maxFrameSize) {
        return Math.max(1, Math.min(window / 2, window - maxFrameSize + 1));
    }

    /** The peer's name for logs: address, later its identity. */
    public String peer() {
        return peer;
    }

    /** The options this link runs with. */
    public LinkOptions options() {
        return options;
    }

    /** Sends one control frame now (not DATA: block data goes through {@link #publish}). Thread-safe. */
    public void send(Frame frame) throws IOException {
        if (frame instanceof Data) {
            throw new IllegalArgumentException("DATA goes through publish(), which keeps within the peer's credit");
        }
        write(frame);
    }

    /**
     * Offers the newest snapshot of a block; the writer sends its difference from what the peer last got as soon as
     * credit allows. A newer offer replaces one not yet sent (latest value wins; nothing queues).
     */
    public void publish(int blockId, byte[] snapshot) {
        outbox.publish(blockId, snapshot, Outbox.AUTO);
    }

    /**
     * As {@link #publish(int, byte[])}, but the DATA frames carry {@code version} as their snapshotSeq instead of the
     * link's own count: a DOWN block travels with the version that survives restarts (docs/sessions.md, "State and
     * authority"). A new version is sent even when the bytes did not change (an empty complete snapshot).
     */
    public void publish(int blockId, byte[] snapshot, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("block " + blockId + ": version must be >= 0, was " + version);
        }
        outbox.publish(blockId, snapshot, version);
    }

    /** Forgets what the peer has of a block, so the next publish sends it whole (after a re-announce). */
    public void resend(int blockId) {
        outbox.forget(blockId);
    }

    /** Where the link is in the protocol. */
    public ProtocolState state() {
        return state;
    }

    /**
     * Moves the link to {@code next} (a paired device's link goes from PAIRING to LIVE); frames read after this are
     * checked against the new state. Call it before telling the peer, so its first frame of the new state is let in.
     */
    public void enter(ProtocolState next) {
        state = Objects.requireNonNull(next, "next");
    }

    /** Completes when the link has ended, with the reason. */
    public CompletableFuture<CloseReason> closed() {
        return closed;
    }

    /** True once the link is closing or closed. */
    public boolean isClosed() {
        return closing.get();
    }

    /** Closes at the application's request (no reconnect is implied). */
    @Override
    public void close() {
        close(CloseCode.NORMAL, "closed by application", Closer.USER);
    }

    /** Closes, telling the peer {@code code} and {@code text}; idempotent, the first reason wins. */
    public void close(CloseCode code, String text) {
        close(code, text, Closer.LOCAL);
    }

    void close(CloseCode code, String text, Closer by) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        CloseReason reason = new CloseReason(code, text, by);
        if (by != Closer.PEER) {
            try {
                synchronized (writeLock) {
                    writer.write(new Close(code, text));
                    writer.flush();
                }
            } catch (IOException | RuntimeException e) {
                Logger.debug("{}: close frame not sent: {}", peer, e.getMessage());
            }
        }
        try {
            socket.close();
        } catch (IOException e) {
            Logger.debug("{}: socket close: {}", peer, e.getMessage());
        }
        outbox.wake();
        closed.complete(reason);
        try {
            handler.onClose(this, reason);
        } catch (RuntimeException e) {
            Logger.error(e, "{}: close handler failed", peer);
        }
    }

    void write(Frame frame) throws IOException {
        synchronized (writeLock) {
            writer.write(frame);
            writer.flush();
        }
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    /** Writer thread: the peer has been silent for suspectAfter; tells the handler once per silence. */
    void suspect(long silentNanos) {
        if (silent.compareAndSet(false, true)) {
            Logger.info("{}: peer silent for {} ms, values from it are stale until it is heard again", peer,
                    silentNanos / 1_000_000);
            try {
                handler.onSilence(this, true);
            } catch (RuntimeException e) {
                Logger.error(e, "{}: silence handler failed", peer);
            }
        }
    }

    /** True while the peer is silent beyond suspectAfter. */
    public boolean isSilent() {
        return silent.get();
    }

    private void readLoop() {
        try {
            while (!closing.get()) {
                Frame frame = reader.next();
                lastHeardNanos = System.nanoTime();
                if (silent.compareAndSet(true, false)) {
                    Logger.info("{}: heard from again", peer);
                    handler.onSilence(this, false);
                }
                if (frame == null) {
                    close(CloseCode.NORMAL, NO_CLOSE_FRAME, Closer.PEER);
                    continue;
                }
                // The one check of what may arrive, before anything acts on the frame.
                state.check(receiver, frame.type());
                if (frame instanceof Ping ping) {
                    write(new Pong(ping.token()));
                } else if (frame instanceof Pong) {
                    // Hearing from the peer is all a pong is for.
                } else if (frame instanceof Credit credit) {
                    outbox.grant(credit.bytes());
                } else if (frame instanceof Close c) {
                    close(c.code(), c.text(), Closer.PEER);
                } else {
                    handler.onFrame(this, frame);
                    if (frame instanceof Data data) {
                        // Credit returns once the handler has taken the data, so a slow consumer slows its sender.
                        owedCredit += Math.max(1, data.payloadLength());
                        if (owedCredit >= creditBatch) {
                            write(new Credit((int) Math.min(owedCredit, Integer.MAX_VALUE)));
                            owedCredit = 0;
                        }
                    }
                }
            }
        } catch (WireException e) {
            Logger.info("{}: protocol error, closing: {}", peer, e.getMessage());
            close(e.code(), e.getMessage(), Closer.LOCAL);
        } catch (EOFException e) {
            close(CloseCode.NORMAL, NO_CLOSE_FRAME, Closer.PEER);
        } catch (IOException e) {
            close(CloseCode.NORMAL, CONNECTION_LOST + ": " + e.getMessage(), Closer.PEER);
        } catch (RuntimeException e) {
            Logger.error(e, "{}: frame handler failed", peer);
            close(CloseCode.INTERNAL, "internal error: " + e, Closer.LOCAL);
        }
    }
}
