package org.ioswitch.common.tunnel;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.common.tunnel.TunnelFrame.StreamClose;
import org.ioswitch.common.tunnel.TunnelFrame.StreamCredit;
import org.ioswitch.common.tunnel.TunnelFrame.StreamData;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.wire.CloseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TunnelTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final BlockingQueue<TunnelStream> accepted = new LinkedBlockingQueue<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    /** Two connected loopback sockets. */
    private Socket[] pair() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket a = new Socket();
            a.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
            Socket b = server.accept();
            cleanup.add(a);
            cleanup.add(b);
            return new Socket[] {a, b};
        }
    }

    private Tunnel tunnel(Socket s, TunnelOptions options, Tunnel.StreamHandler handler, String name) throws IOException {
        Tunnel t = new Tunnel(name, s.getInputStream(), s.getOutputStream(), s, options,
                TunnelOptions.DEFAULT_MAX_FRAME_SIZE, handler);
        cleanup.add(0, t);
        t.start();
        return t;
    }

    private static StreamOpen open(Tunnel t) {
        return new StreamOpen(t.nextStreamId(), "pekkahome", "10.0.0.7", 51234, "TLSv1.3", "TLS_AES_128_GCM_SHA256",
                "TLS", "");
    }

    private static void echo(TunnelStream s) {
        try {
            s.input().transferTo(s.output());
            s.close();
        } catch (IOException e) {
            s.close(CloseCode.INTERNAL, String.valueOf(e.getMessage()));
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static CompletableFuture<byte[]> readN(InputStream in, int n) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new DataInputStream(in).readNBytes(n);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, OwnThread.EXECUTOR);
    }

    @Test
    void bytesFlowBothWaysOnSeveralStreams() throws Exception {
        Socket[] s = pair();
        Tunnel box = tunnel(s[0], TunnelOptions.DEFAULT, null, "box");
        tunnel(s[1], TunnelOptions.DEFAULT, TunnelTest::echo, "home");
        List<TunnelStream> streams = new ArrayList<>();
        List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TunnelStream stream = box.open(open(box));
            streams.add(stream);
            echoes.add(readN(stream.input(), 300_000 + i));
        }
        for (int i = 0; i < 3; i++) {
            streams.get(i).output().write(random(300_000 + i));
        }
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(random(300_000 + i), echoes.get(i).get(10, SECONDS));
            streams.get(i).accepted().get(5, SECONDS);
        }
        streams.get(0).close();
        assertTrue(streams.get(0).isClosed());
        CompletableFuture<byte[]> still = readN(streams.get(1).input(), 5);
        streams.get(1).output().write("after".getBytes(StandardCharsets.UTF_8));
        assertEquals("after", new String(still.get(5, SECONDS), StandardCharsets.UTF_8));
    }

    @Test
    void aSmallWriteCrossesAtOnceWithoutWaitingForMoreBytes() throws Exception {
        Socket[] s = pair();
        Tunnel box = tunnel(s[0], TunnelOptions.DEFAULT, null, "box");
        tunnel(s[1], TunnelOptions.DEFAULT, accepted::add, "home");
        TunnelStream stream = box.open(open(box));
        TunnelStream homeEnd = accepted.poll(10, SECONDS);
        assertNotNull(homeEnd);
        stream.accepted().get(10, SECONDS);
        for (int i = 0; i < 3; i++) {
            // one 8-byte write and nothing after it, each way: it must be flushed, not held for a fuller frame
            CompletableFuture<byte[]> there = readN(homeEnd.input(), 8);
            stream.output().write(random(8));
            assertArrayEquals(random(8), there.get(10, SECONDS));
            CompletableFuture<byte[]> back = readN(stream.input(), 1);
            homeEnd.output().write(7);
            assertArrayEquals(new byte[] {7}, back.get(10, SECONDS));
        }
    }

    @Test
    void streamsWrittenAtOnceFromSeveralThreadsEachArriveWholeAndInOrder() throws Exception {
        // Chunks go out on the writing thread when the tunnel writer is idle and through the writer's queue when it
        // is not; with four writers at once both happen, and no stream's bytes may be reordered or lost.
        Socket[] s = pair();
        Tunnel box = tunnel(s[0], TunnelOptions.DEFAULT, null, "box");
        tunnel(s[1], TunnelOptions.DEFAULT, TunnelTest::echo, "home");
        int size = 1_500_000;
        List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TunnelStream stream = box.open(open(box));
            byte[] data = random(size + i);
            echoes.add(readN(stream.input(), data.length));
            Random pieces = new Random(i);
            writers.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int off = 0; off < data.length; ) {
                        int n = Math.min(data.length - off, 1 + pieces.nextInt(40_000));
                        stream.output().write(data, off, n);
                        off += n;
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, OwnThread.EXECUTOR));
        }
        for (int i = 0; i < 4; i++) {
            writers.get(i).get(30, SECONDS);
            assertArrayEquals(random(size + i), echoes.get(i).get(30, SECONDS));
        }
    }

    @Test
    void aStuckStreamDoesNotStallAnotherStream() throws Exception {
        Socket[] s = pair();
        Tunnel box = tunnel(s[0], TunnelOptions.DEFAULT, null, "box");
        Tunnel home = tunnel(s[1], TunnelOptions.DEFAULT, accepted::add, "home");
        TunnelStream stuck = box.open(open(box));
        TunnelStream live = box.open(open(box));
        assertNotNull(accepted.poll(5, SECONDS));
        assertNotNull(accepted.poll(5, SECONDS));
        // Home never reads the stuck stream; its writer blocks once the window is used up.
        CompletableFuture<Void> stuckWriter = CompletableFuture.runAsync(() -> {
            try {
                stuck.output().write(new byte[4 * 1024 * 1024]);
            } catch (IOException e) {
                // ends when the test closes the tunnel
            }
        }, OwnThread.EXECUTOR);
        TunnelStream homeLive = home.streams().stream().filter(x -> x.id() == live.id()).findFirst().orElseThrow();
        CompletableFuture<byte[]> got = readN(homeLive.input(), 2_000_000);
        live.output().write(random(2_000_000));
        assertArrayEquals(random(2_000_000), got.get(10, SECONDS));
        assertFalse(stuckWriter.isDone(), "the stuck stream's writer must still wait for credit");
        assertTrue(home.reservedWindowBytes() <= TunnelOptions.DEFAULT_MEMORY_CAP);
    }

    @Test
    void streamThatOverrunsItsCreditIsResetAloneAndOthersGoOn() throws Exception {
        Socket[] s = pair();
        TunnelOptions small = TunnelOptions.builder().initialWindow(4096).maxWindow(4096).build();
        tunnel(s[1], small, TunnelTest::echo, "home");
        OutputStream peer = s[0].getOutputStream();
        InputStream in = s[0].getInputStream();
        StreamOpen first = new StreamOpen(1, "pekkahome", "10.0.0.7", 1, "TLSv1.3", "x", "TLS", "");
        StreamOpen second = new StreamOpen(2, "pekkahome", "10.0.0.7", 2, "TLSv1.3", "x", "TLS", "");
        peer.write(TunnelCodec.encode(first));
        peer.write(TunnelCodec.encode(second));
        peer.write(TunnelCodec.encode(new StreamCredit(2, 100)));
        peer.write(TunnelCodec.encode(new StreamData(1, new byte[4097])));
        peer.write(TunnelCodec.encode(new StreamData(2, "hi".getBytes(StandardCharsets.UTF_8))));
        StreamClose reset = null;
        String echoed = null;
        while (reset == null || echoed == null) {
            TunnelFrame f = readWithin(in);
            if (f instanceof StreamClose c && c.streamId() == 1) {
                reset = c;
            } else if (f instanceof StreamData d && d.streamId() == 2) {
                echoed = new String(d.bytes(), StandardCharsets.UTF_8);
            }
        }
        assertEquals(CloseCode.PROTOCOL_ERROR, reset.code());
        assertTrue(reset.text().contains("4097 bytes exceed the remaining credit 4096"), reset.text());
        assertEquals("hi", echoed);
    }

    @Test
    void creditGoesBackOnceHalfTheWindowIsRead() throws Exception {
        Socket[] s = pair();
        TunnelOptions small = TunnelOptions.builder().initialWindow(4096).maxWindow(4096).build();
        BlockingQueue<Integer> reads = new LinkedBlockingQueue<>();
        tunnel(s[1], small, stream -> {
            try {
                while (true) {
                    reads.add(stream.input().readNBytes(1024).length);
                }
            } catch (IOException e) {
                stream.close();
            }
        }, "home");
        OutputStream peer = s[0].getOutputStream();
        InputStream in = s[0].getInputStream();
        peer.write(TunnelCodec.encode(new StreamOpen(1, "pekkahome", "10.0.0.7", 1, "TLSv1.3", "x", "TLS", "")));
        assertEquals(new StreamCredit(1, 4096), readSkippingPings(in));

        // A quarter of the window read: no credit yet. Anything queued before the PONG would arrive before it.
        peer.write(TunnelCodec.encode(new StreamData(1, new byte[1024])));
        assertEquals(1024, reads.poll(5, SECONDS));
        peer.write(TunnelCodec.encode(new TunnelFrame.Ping(false, 42)));
        assertEquals(new TunnelFrame.Ping(true, 42), readSkippingPings(in));

        // Half the window read: one credit for both pieces.
        peer.write(TunnelCodec.encode(new StreamData(1, new byte[1024])));
        assertEquals(1024, reads.poll(5, SECONDS));
        assertEquals(new StreamCredit(1, 2048), readSkippingPings(in));
    }

    /** The next frame that is not the tunnel's own keepalive PING. */
    private static TunnelFrame readSkippingPings(InputStream in) throws Exception {
        TunnelFrame f;
        do {
            f = readWithin(in);
        } while (f instanceof TunnelFrame.Ping p && !p.pong());
        return f;
    }

    private static TunnelFrame readWithin(InputStream in) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return TunnelCodec.read(in, 1 << 20);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, OwnThread.EXECUTOR).get(5, SECONDS);
    }

    @Test
    void silentPeerIsClosedByKeepalive() throws Exception {
        Socket[] s = pair();
        TunnelOptions quick = TunnelOptions.builder().keepaliveInterval(Duration.ofMillis(100))
                .keepaliveTimeout(Duration.ofMillis(600)).build();
        Tunnel home = tunnel(s[1], quick, accepted::add, "home");
        CloseReason ended = home.ended().get(10, SECONDS);
        assertEquals(CloseCode.TIMEOUT, ended.code());
        assertEquals(CloseReason.Closer.LOCAL, ended.by());
        TunnelFrame last;
        do {
            last = readWithin(s[0].getInputStream());
        } while (!(last instanceof TunnelClose));
        assertEquals(CloseCode.TIMEOUT, ((TunnelClose) last).code());
    }

    @Test
    void answeringPeerIsKeptAliveAndRttIsMeasured() throws Exception {
        Socket[] s = pair();
        TunnelOptions quick = TunnelOptions.builder().keepaliveInterval(Duration.ofMillis(100))
                .keepaliveTimeout(Duration.ofMillis(1500)).build();
        Tunnel box = tunnel(s[0], quick, null, "box");
        Tunnel home = tunnel(s[1], quick, TunnelTest::echo, "home");
        // Several keepalive timeouts pass; a home end that lost the pings would have closed the tunnel.
        TunnelStream stream = box.open(open(box));
        assertThrows(java.util.concurrent.TimeoutException.class, () -> home.ended().get(4, SECONDS));
        CompletableFuture<byte[]> back = readN(stream.input(), 1000);
        stream.output().write(random(1000));
        assertArrayEquals(random(1000), back.get(5, SECONDS));
        assertTrue(box.isOpen());
        assertTrue(home.isOpen());
        assertTrue(box.rtt().toNanos() > 0);
    }

    @Test
    void streamsBeyondMaxStreamsAreRefusedWithLimit() throws Exception {
        Socket[] s = pair();
        Tunnel box = tunnel(s[0], TunnelOptions.DEFAULT, null, "box");
        tunnel(s[1], TunnelOptions.builder().maxStreams(1).build(), accepted::add, "home");
        TunnelStream one = box.open(open(box));
        TunnelStream two = box.open(open(box));
        one.accepted().get(5, SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> two.accepted().get(5, SECONDS));
        assertTrue(e.getCause().getMessage().contains("LIMIT tunnel holds the maximum of 1 streams"),
                e.getCause().getMessage());

        Tunnel limited = box;
        assertEquals(1, limited.streams().size());
    }

    @Test
    void socketViewHasClientAddressAndHonoursSoTimeout() throws Exception {
        Socket[] s = pair();
        Tunnel box = tunnel(s[0], TunnelOptions.DEFAULT, null, "box");
        tunnel(s[1], TunnelOptions.DEFAULT, accepted::add, "home");
        box.open(open(box));
        TunnelStream home = accepted.poll(5, SECONDS);
        assertNotNull(home);
        Socket view = home.socket();
        assertEquals(new InetSocketAddress("10.0.0.7", 51234), view.getRemoteSocketAddress());
        assertEquals(51234, view.getPort());
        assertTrue(view.isConnected());
        view.setSoTimeout(200);
        assertInstanceOf(SocketTimeoutException.class,
                assertThrows(IOException.class, () -> view.getInputStream().read()));
        view.close();
        assertTrue(view.isClosed());
    }

    @Test
    void closingTheTunnelEndsEveryStreamOnBothSides() throws Exception {
        Socket[] s = pair();
        Tunnel box = tunnel(s[0], TunnelOptions.DEFAULT, null, "box");
        Tunnel home = tunnel(s[1], TunnelOptions.DEFAULT, accepted::add, "home");
        TunnelStream mine = box.open(open(box));
        TunnelStream theirs = accepted.poll(5, SECONDS);
        assertNotNull(theirs);
        box.close(CloseCode.SHUTDOWN, "switchbox stopping");
        CloseReason ended = home.ended().get(5, SECONDS);
        assertEquals(new CloseReason(CloseCode.SHUTDOWN, "switchbox stopping", CloseReason.Closer.PEER), ended);
        IOException e = assertThrows(IOException.class, () -> theirs.input().read());
        assertTrue(e.getMessage().contains("SHUTDOWN tunnel closed: switchbox stopping"), e.getMessage());
        assertThrows(IOException.class, () -> mine.output().write(1));
    }

    @Test
    void aStreamOpenAtTheSwitchboxEndClosesTheTunnelWithAProtocolErrorNamingFrameAndState() throws Exception {
        Socket[] s = pair();
        Tunnel box = tunnel(s[1], TunnelOptions.DEFAULT, null, "switchbox");
        s[0].getOutputStream().write(TunnelCodec.encode(
                new StreamOpen(1, "pekkahome", "10.0.0.7", 1, "TLSv1.3", "x", "TLS", "")));
        InputStream in = s[0].getInputStream();
        TunnelFrame f;
        do {
            f = readWithin(in);
        } while (f instanceof TunnelFrame.Ping);
        TunnelClose close = (TunnelClose) f;
        assertEquals(CloseCode.PROTOCOL_ERROR, close.code());
        assertEquals("STREAM_OPEN is not allowed in state RUNNING (switchbox end)", close.text());
        assertEquals(CloseReason.Closer.LOCAL, box.ended().get(10, SECONDS).by());
    }

    @Test
    void theTunnelTableGivesEachEndItsFrames() {
        assertTrue(TunnelState.RUNNING.allows(TunnelState.End.HOME, TunnelFrameType.STREAM_OPEN));
        assertFalse(TunnelState.RUNNING.allows(TunnelState.End.SWITCHBOX, TunnelFrameType.STREAM_OPEN));
        assertTrue(TunnelState.PUBLISHING.allows(TunnelState.End.SWITCHBOX, TunnelFrameType.PUBLISH));
        assertFalse(TunnelState.PUBLISHING.allows(TunnelState.End.HOME, TunnelFrameType.PUBLISH));
        assertTrue(TunnelState.PUBLISHING.allows(TunnelState.End.HOME, TunnelFrameType.PUBLISHED));
        assertFalse(TunnelState.RUNNING.allows(TunnelState.End.HOME, TunnelFrameType.PUBLISHED));
    }

    @Test
    void onANodeLinkBothEndsOpenStreamsWithIdsThatNeverCollide() throws Exception {
        Socket[] s = pair();
        BlockingQueue<TunnelStream> atDialer = new LinkedBlockingQueue<>();
        Tunnel dialer = Tunnel.nodeLink("sb1=sb2", s[0].getInputStream(), s[0].getOutputStream(), s[0],
                TunnelOptions.DEFAULT, TunnelOptions.DEFAULT_MAX_FRAME_SIZE, st -> {
                    atDialer.add(st);
                    echo(st);
                }, true);
        Tunnel acceptor = Tunnel.nodeLink("sb2=sb1", s[1].getInputStream(), s[1].getOutputStream(), s[1],
                TunnelOptions.DEFAULT, TunnelOptions.DEFAULT_MAX_FRAME_SIZE, st -> {
                    accepted.add(st);
                    echo(st);
                }, false);
        cleanup.add(0, dialer);
        cleanup.add(0, acceptor);
        dialer.start();
        acceptor.start();
        List<TunnelStream> mine = new ArrayList<>();
        List<TunnelStream> theirs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(dialer.open(open(dialer)));
            theirs.add(acceptor.open(open(acceptor)));
        }
        assertEquals(List.of(1, 3, 5), mine.stream().map(TunnelStream::id).toList());
        assertEquals(List.of(2, 4, 6), theirs.stream().map(TunnelStream::id).toList());
        for (int i = 0; i < 3; i++) {
            CompletableFuture<byte[]> one = readN(mine.get(i).input(), 1000 + i);
            CompletableFuture<byte[]> other = readN(theirs.get(i).input(), 2000 + i);
            mine.get(i).output().write(random(1000 + i));
            theirs.get(i).output().write(random(2000 + i));
            assertArrayEquals(random(1000 + i), one.get(10, SECONDS), "dialer -> acceptor, stream " + i);
            assertArrayEquals(random(2000 + i), other.get(10, SECONDS), "acceptor -> dialer, stream " + i);
        }
        assertEquals(6, dialer.streams().size(), "three streams each way on one connection");
        assertNotNull(atDialer.poll(5, SECONDS));
    }

    @Test
    void aNodeLinkStreamOpenWithTheReceiversOwnParityIsAProtocolError() throws Exception {
        Socket[] s = pair();
        Tunnel dialer = Tunnel.nodeLink("sb1=sb2", s[1].getInputStream(), s[1].getOutputStream(), s[1],
                TunnelOptions.DEFAULT, TunnelOptions.DEFAULT_MAX_FRAME_SIZE, accepted::add, true);
        cleanup.add(0, dialer);
        dialer.start();
        // the accepting node must use even ids: an odd one would collide with the dialer's own streams
        s[0].getOutputStream().write(TunnelCodec.encode(
                new StreamOpen(3, "pekkahome", "10.0.0.7", 1, "TLSv1.3", "x", "TLS", "")));
        InputStream in = s[0].getInputStream();
        TunnelFrame f;
        do {
            f = readWithin(in);
        } while (f instanceof TunnelFrame.Ping);
        TunnelClose close = assertInstanceOf(TunnelClose.class, f);
        assertEquals(CloseCode.PROTOCOL_ERROR, close.code());
        assertTrue(close.text().contains("stream 3 has this end's parity"), close.text());
        assertTrue(accepted.isEmpty());
        assertFalse(TunnelState.PUBLISHING.allows(TunnelState.End.NODE, TunnelFrameType.PUBLISH));
        assertTrue(TunnelState.RUNNING.allows(TunnelState.End.NODE, TunnelFrameType.STREAM_OPEN));
    }
}
