package org.ioswitch.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsServerContext;

/**
 * The raw TLS references, built on the same {@code common.tls} contexts (BCJSSE on the JDK's crypto) as the product:
 * a bulk transfer over one connection, and a relay of the same shape as device → server → operator (client → relay
 * thread → client) without any ioswitch framing, sessions or thread hand-offs.
 */
final class RawTls implements AutoCloseable {
    static final int CHUNK = 64 * 1024;
    private static final Duration STEP = Duration.ofSeconds(10);

    private final TlsServerContext server;
    private final TlsClientContext client;

    RawTls(TlsServerContext server, TlsClientContext client) {
        this.server = server;
        this.client = client;
    }

    /**
     * One connection, the client writing 64 KiB chunks: {@code warm} untimed, then {@code measure}. Returns MiB/s
     * counted by the receiver inside the measured window.
     */
    double bulk(Duration warm, Duration measure) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicLong received = new AtomicLong();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (TlsConnection peer = accept(ss)) {
                    drain(peer.socket().getInputStream(), received);
                } catch (IOException e) {
                    throw new IllegalStateException("raw TLS bulk receiver: " + e.getMessage(), e);
                }
            }, Daemon.EXECUTOR);
            double mibs;
            try (TlsConnection c = client.connect("127.0.0.1", ss.getLocalPort(), STEP)) {
                mibs = timedWrite(c.socket().getOutputStream(), received, warm, measure);
            }
            reader.get(30, TimeUnit.SECONDS);
            return mibs;
        }
    }

    /** Writes 64 KiB chunks of random bytes for {@code warm} then {@code measure}; MiB/s seen by {@code received}. */
    static double timedWrite(OutputStream out, AtomicLong received, Duration warm, Duration measure)
            throws IOException {
        byte[] chunk = new byte[CHUNK];
        new SplittableRandom(1).nextBytes(chunk);
        writeFor(out, chunk, warm);
        long b0 = received.get();
        long t0 = System.nanoTime();
        writeFor(out, chunk, measure);
        long b1 = received.get();
        long t1 = System.nanoTime();
        return (b1 - b0) / 1048576.0 / ((t1 - t0) / 1e9);
    }

    private static void writeFor(OutputStream out, byte[] chunk, Duration d) throws IOException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            out.write(chunk);
            out.flush();
        }
    }

    /** Reads until the end of the stream, adding what arrives to {@code received}. */
    static void drain(InputStream in, AtomicLong received) throws IOException {
        byte[] buf = new byte[CHUNK];
        try {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                received.addAndGet(n);
            }
        } catch (java.net.SocketException e) {
            // The writer closing its end at the end of a run is how a run ends.
        }
    }

    private TlsConnection accept(ServerSocket ss) throws IOException {
        Socket tcp = ss.accept();
        tcp.setTcpNoDelay(true);
        return server.accept(tcp, STEP);
    }

    /**
     * A relay of {@code size}-byte messages: a publisher connection and a subscriber connection to a relay whose one
     * thread reads each message from the publisher and writes it to the subscriber. TCP_NODELAY on every socket.
     */
    Relay relay(int size) throws Exception {
        return new Relay(size);
    }

    /** A running raw relay; see {@link #relay}. */
    final class Relay implements AutoCloseable {
        private final int size;
        private final ServerSocket ss;
        private final TlsConnection publisher;
        private final TlsConnection subscriber;
        private final TlsConnection relayIn;
        private final TlsConnection relayOut;
        private final OutputStream pubOut;
        /** Arrivals of messages whose first 8 bytes are a System.nanoTime() stamp. */
        final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        /** Messages the subscriber has received. */
        final AtomicLong received = new AtomicLong();
        private volatile boolean stamped = true;

        private Relay(int size) throws Exception {
            this.size = size;
            ss = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
            CompletableFuture<TlsConnection> in = CompletableFuture.supplyAsync(() -> acceptOrFail(), Daemon.EXECUTOR);
            publisher = client.connect("127.0.0.1", ss.getLocalPort(), STEP);
            relayIn = in.get(10, TimeUnit.SECONDS);
            CompletableFuture<TlsConnection> out = CompletableFuture.supplyAsync(() -> acceptOrFail(), Daemon.EXECUTOR);
            subscriber = client.connect("127.0.0.1", ss.getLocalPort(), STEP);
            relayOut = out.get(10, TimeUnit.SECONDS);
            pubOut = publisher.socket().getOutputStream();
            Daemon.start("raw-relay", this::relayLoop);
            Daemon.start("raw-subscriber", this::subscriberLoop);
        }

        private TlsConnection acceptOrFail() {
            try {
                return accept(ss);
            } catch (IOException e) {
                throw new IllegalStateException("raw relay accept: " + e.getMessage(), e);
            }
        }

        private void relayLoop() {
            byte[] m = new byte[size];
            try {
                DataInputStream in = new DataInputStream(relayIn.socket().getInputStream());
                OutputStream out = relayOut.socket().getOutputStream();
                while (true) {
                    in.readFully(m);
                    out.write(m);
                    out.flush();
                }
            } catch (IOException e) {
                // closed at the end of the run
            }
        }

        private void subscriberLoop() {
            byte[] m = new byte[size];
            try {
                DataInputStream in = new DataInputStream(subscriber.socket().getInputStream());
                while (true) {
                    in.readFully(m);
                    long now = System.nanoTime();
                    received.incrementAndGet();
                    if (stamped) {
                        arrivals.add(new Arrival(readLong(m), now));
                    }
                }
            } catch (IOException e) {
                // closed at the end of the run
            }
        }

        /** When off, arrivals are only counted (flat-out rate runs). */
        void stamped(boolean on) {
            stamped = on;
        }

        /** Sends one message stamped with the current time and returns the stamp (publisher thread: the caller). */
        long send() throws IOException {
            byte[] m = new byte[size];
            long stamp = System.nanoTime();
            writeLong(m, 0, stamp);
            pubOut.write(m);
            pubOut.flush();
            return stamp;
        }

        @Override
        public void close() {
            publisher.close();
            subscriber.close();
            relayIn.close();
            relayOut.close();
            try {
                ss.close();
            } catch (IOException e) {
                // best effort
            }
        }
    }

    static void writeLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long readLong(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
