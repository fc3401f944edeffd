package org.ioswitch.common.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.ioswitch.common.tunnel.TunnelFrame.StreamClose;
import org.ioswitch.common.tunnel.TunnelFrame.StreamData;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;

/**
 * One client stream in a tunnel: an input and an output stream with credit-based flow control, and a
 * {@link Socket} view so TLS and session code can treat it like an accepted TCP connection.
 *
 * <p>Receive side: the peer may have at most {@code window} bytes outstanding (buffered here or not yet credited);
 * reading returns credit once half the window is consumed. When a whole window is consumed within about two round
 * trips (at least 1 ms) the window was the bottleneck, so it doubles, toward the bandwidth-delay product, while the
 * tunnel's memory cap allows. Send side: a
 * write waits for credit, then writes each chunk itself when the tunnel's writer is idle or else queues it for the
 * writer; either way the bytes in flight never exceed what the peer granted.
 */
public final class TunnelStream {
    private static final int CHUNK = 16 * 1024;
    /** Shortest round trip assumed when deciding whether the window holds a stream back (see {@link #consumed}). */
    private static final long MIN_ROUND_TRIP_NANOS = 1_000_000;

    private final Tunnel tunnel;
    private final StreamOpen info;
    private final int chunkSize;
    private final CompletableFuture<Void> accepted = new CompletableFuture<>();
    private final InputStream input = new In();
    private final OutputStream output = new Out();
    private final StreamSocket socket;

    // All below guarded by this.
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private int headOffset;
    private long window;
    private long peerCredit;
    private long unacked;
    private long grantedInEpoch;
    private long epochStart = System.nanoTime();
    private long sendCredit;
    private final ArrayDeque<byte[]> outbound = new ArrayDeque<>();
    private StreamClose pendingClose;
    private boolean localClosed;
    private StreamClose peerClose;
    private int soTimeoutMillis;
    private long replay;

    TunnelStream(Tunnel tunnel, StreamOpen info, int initialWindow, int peerMaxFrame) {
        this.tunnel = tunnel;
        this.info = info;
        this.window = initialWindow;
        this.peerCredit = initialWindow;
        this.chunkSize = Math.min(CHUNK, peerMaxFrame - TunnelCodec.DATA_OVERHEAD);
        this.socket = new StreamSocket(this);
    }

    /** The stream id. */
    public int id() {
        return info.streamId();
    }

    /** What the switchbox said when it opened the stream: network, client address, outer TLS facts. */
    public StreamOpen info() {
        return info;
    }

    /** Bytes from the peer; {@code read} honours the socket view's SO timeout. */
    public InputStream input() {
        return input;
    }

    /** Bytes to the peer; {@code write} waits for credit; {@code close} closes the stream. */
    public OutputStream output() {
        return output;
    }

    /** A socket view of this stream for TLS ({@code SSLSocketFactory.createSocket(socket, host, port, true)}). */
    public Socket socket() {
        return socket;
    }

    /** Completes when the peer granted the first credit, i.e. accepted the stream. */
    public CompletableFuture<Void> accepted() {
        return accepted;
    }

    /** Closes the stream normally: data already written is sent first, then STREAM_CLOSE. Idempotent. */
    public void close() {
        close(CloseCode.NORMAL, "");
    }

    /** Closes the stream with a reason; queued data is sent first. Idempotent. */
    public void close(CloseCode code, String text) {
        long reserved;
        synchronized (this) {
            if (localClosed) {
                return;
            }
            localClosed = true;
            inbound.clear();
            if (peerClose == null) {
                pendingClose = new StreamClose(id(), code, text);
            }
            reserved = window;
            notifyAll();
        }
        tunnel.forget(this, reserved);
        tunnel.schedule(this);
    }

    /** True once either side closed the stream. */
    public synchronized boolean isClosed() {
        return localClosed || peerClose != null;
    }

    /** Why the peer closed the stream, or null while it has not. */
    public synchronized StreamClose peerClose() {
        return peerClose;
    }

    @Override
    public String toString() {
        return "stream " + id() + " (" + info.network() + " from " + info.clientAddress() + ")";
    }

    /**
     * Puts bytes back in front of the input, e.g. a hello read to route the stream, so the next reader sees the
     * stream from its start. Replayed bytes are not counted for credit again.
     */
    public synchronized void pushBack(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        if (headOffset > 0) {
            byte[] head = inbound.poll();
            inbound.addFirst(java.util.Arrays.copyOfRange(head, headOffset, head.length));
            headOffset = 0;
        }
        inbound.addFirst(bytes.clone());
        replay += bytes.length;
        notifyAll();
    }

    synchronized void soTimeout(int millis) {
        soTimeoutMillis = millis;
    }

    synchronized int soTimeout() {
        return soTimeoutMillis;
    }

    /** Reader thread: data from the peer, which must fit the credit it was given. */
    void deliver(byte[] bytes) throws WireException {
        synchronized (this) {
            if (localClosed || peerClose != null) {
                return; // in flight when we closed; the peer learns from our STREAM_CLOSE
            }
            if (bytes.length > peerCredit) {
                throw new WireException(CloseCode.PROTOCOL_ERROR, "STREAM_DATA " + this + ": " + bytes.length
                        + " bytes exceed the remaining credit " + peerCredit);
            }
            peerCredit -= bytes.length;
            if (bytes.length > 0) {
                inbound.add(bytes);
                notifyAll();
            }
        }
    }

    /** Reader thread: the peer consumed data. */
    void addCredit(int bytes) throws WireException {
        synchronized (this) {
            if (sendCredit + bytes > Integer.MAX_VALUE) {
                throw new WireException(CloseCode.PROTOCOL_ERROR, "STREAM_CREDIT " + this + ": credit "
                        + sendCredit + " + " + bytes + " exceeds " + Integer.MAX_VALUE);
            }
            sendCredit += bytes;
            notifyAll();
        }
        accepted.complete(null);
    }

    /** The peer closed the stream, or the tunnel ended; readers get the data already here, then the end. */
    synchronized long window() {
        return window;
    }

    void peerClosed(StreamClose close) {
        synchronized (this) {
            if (peerClose != null) {
                return;
            }
            peerClose = close;
            outbound.clear();
            pendingClose = null;
            notifyAll();
        }
        accepted.completeExceptionally(new IOException(this + " closed: " + close.code() + " " + close.text()));
    }

    /** Writer thread: the next frame of this stream, or null when nothing is queued. */
    synchronized TunnelFrame pollOutbound() {
        byte[] chunk = outbound.poll();
        if (chunk != null) {
            return new StreamData(id(), chunk);
        }
        StreamClose close = pendingClose;
        pendingClose = null;
        return close;
    }

    synchronized boolean hasOutbound() {
        return !outbound.isEmpty() || pendingClose != null;
    }

    private int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        long grant;
        synchronized (this) {
            long deadline = soTimeoutMillis > 0 ? System.nanoTime() + soTimeoutMillis * 1_000_000L : 0;
            while (inbound.isEmpty()) {
                if (localClosed) {
                    throw new IOException(this + " is closed");
                }
                if (peerClose != null) {
                    if (peerClose.code() == CloseCode.NORMAL) {
                        return -1;
                    }
                    throw new IOException(this + " closed by peer: " + peerClose.code() + " " + peerClose.text());
                }
                waitUntil(deadline, "read");
            }
            while (n < len && !inbound.isEmpty()) {
                byte[] head = inbound.peek();
                int take = Math.min(len - n, head.length - headOffset);
                System.arraycopy(head, headOffset, b, off + n, take);
                n += take;
                headOffset += take;
                if (headOffset == head.length) {
                    inbound.poll();
                    headOffset = 0;
                }
            }
            grant = consumed(n);
        }
        if (grant > 0) {
            tunnel.credit(this, (int) grant);
        }
        return n;
    }

    /**
     * Counts consumed bytes; returns the credit to grant now (0 to wait for a bigger batch). Credit goes back once half
     * the window is consumed (as HTTP/2 implementations do): the peer still holds the other half to send meanwhile, and
     * each STREAM_CREDIT costs a frame, a TLS record and a wake-up at both ends.
     */
    private long consumed(int n) {
        long replayed = Math.min(n, replay);
        replay -= replayed;
        unacked += n - replayed;
        if (peerClose != null || unacked < Math.max(1, window / 2)) {
            return 0;
        }
        long grant = unacked;
        unacked = 0;
        grantedInEpoch += grant;
        if (grantedInEpoch >= window) {
            // A whole window consumed within about two round trips: the window was the bottleneck. The round trip
            // counted is at least MIN_ROUND_TRIP: an idle PING on loopback or a LAN measures far less than a credit
            // takes through busy reader and writer threads, and the window would never grow.
            long elapsed = System.nanoTime() - epochStart;
            long rtt = Math.max(tunnel.rttNanos(), MIN_ROUND_TRIP_NANOS);
            long extra = Math.min(window, tunnel.options().maxWindow() - window);
            if (elapsed < 2 * rtt && extra > 0 && tunnel.reserve(extra)) {
                window += extra;
                grant += extra;
            }
            grantedInEpoch = 0;
            epochStart = System.nanoTime();
        }
        peerCredit += grant;
        return grant;
    }

    /** Bytes received and not yet read; caller holds this. */
    private long bufferedLocked() {
        long sum = -headOffset;
        for (byte[] chunk : inbound) {
            sum += chunk.length;
        }
        return Math.max(0, sum);
    }

    /**
     * Sends within credit, a chunk at a time: each chunk is written by this thread when the tunnel's writer is idle
     * (no copy, no hand-off), else queued for the writer's round-robin.
     */
    private void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = awaitCredit(len);
            if (!tunnel.writeNow(this, b, off, n)) {
                if (!queue(b, off, n)) {
                    continue;
                }
                tunnel.schedule(this);
            }
            off += n;
            len -= n;
        }
    }

    /** Waits for send credit; the size of the next chunk (at most {@code len}). */
    private synchronized int awaitCredit(int len) throws IOException {
        while (sendCredit == 0 && !localClosed && peerClose == null) {
            waitUntil(0, "write");
        }
        failIfClosed();
        return (int) Math.min(Math.min(len, sendCredit), chunkSize);
    }

    /** Queues a copy of the chunk for the tunnel writer; false when the credit went meanwhile (wait again). */
    private synchronized boolean queue(byte[] b, int off, int n) throws IOException {
        failIfClosed();
        if (sendCredit < n) {
            return false;
        }
        byte[] chunk = new byte[n];
        System.arraycopy(b, off, chunk, 0, n);
        outbound.add(chunk);
        sendCredit -= n;
        return true;
    }

    /**
     * Tunnel writer, with the turn at writing: takes {@code n} bytes of credit for a chunk written at once; false when
     * the chunk must be queued instead (chunks already queued go first, a closed stream sends nothing more).
     */
    synchronized boolean claimForWrite(int n) {
        if (localClosed || peerClose != null || !outbound.isEmpty() || pendingClose != null || sendCredit < n) {
            return false;
        }
        sendCredit -= n;
        return true;
    }

    private void failIfClosed() throws IOException {
        if (localClosed) {
            throw new IOException(this + " is closed");
        }
        if (peerClose != null) {
            throw new IOException(this + " closed by peer: " + peerClose.code() + " " + peerClose.text());
        }
    }

    private void waitUntil(long deadlineNanos, String what) throws IOException {
        try {
            if (deadlineNanos == 0) {
                wait();
                return;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException(this + ": " + what + " timed out after " + soTimeoutMillis + " ms");
            }
            wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(this + ": " + what + " interrupted");
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = TunnelStream.this.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return TunnelStream.this.read(b, off, len);
        }

        @Override
        public int available() {
            synchronized (TunnelStream.this) {
                return (int) Math.min(Integer.MAX_VALUE, bufferedLocked());
            }
        }

        @Override
        public void close() {
            TunnelStream.this.close();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            TunnelStream.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            TunnelStream.this.write(b, off, len);
        }

        @Override
        public void close() {
            TunnelStream.this.close();
        }
    }
}
