package org.ioswitch.common.link;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.block.SnapshotAssembler;
import org.ioswitch.common.link.CloseReason.Closer;
import org.ioswitch.common.wire.Ack;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.Credit;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Ping;
import org.ioswitch.common.wire.Pong;
import org.ioswitch.common.wire.Range;
import org.ioswitch.common.wire.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LinkTest {
    private static final LinkOptions FAST = LinkOptions.defaults()
            .withKeepalive(Duration.ofMillis(100), Duration.ofMillis(800));

    private ServerSocket listener;
    private Socket a;
    private Socket b;

    private void connectPair() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        a = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        b = listener.accept();
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {a, b, listener}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // already closed by the link
            }
        }
    }

    private static Link start(Socket s, String name, LinkOptions options, FrameHandler handler) throws IOException {
        return Link.start(s, new FrameReader(s.getInputStream(), options.limits()),
                new FrameWriter(s.getOutputStream()), name, options.limits().maxFrameSize(), options, handler);
    }

    /** Collects frames and assembles snapshots of block 1. */
    private static final class Collector implements FrameHandler {
        final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<Snapshot> snapshots = new LinkedBlockingQueue<>();
        final SnapshotAssembler assembler;
        volatile CountDownLatch gate = new CountDownLatch(0);

        Collector(int size) {
            assembler = new SnapshotAssembler(1, size);
        }

        @Override
        public void onFrame(Link link, Frame frame) throws IOException {
            try {
                gate.await(10, SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            frames.add(frame);
            if (frame instanceof Data d) {
                Snapshot s = assembler.accept(d);
                if (s != null) {
                    snapshots.add(s);
                }
            }
        }
    }

    @Test
    void controlFramesAndSnapshotsArriveWhole() throws Exception {
        connectPair();
        Collector atB = new Collector(64);
        Link la = start(a, "a", FAST, (l, f) -> { });
        start(b, "b", FAST, atB);

        la.send(new Ack(1, 7, 0, "ok"));
        assertEquals(new Ack(1, 7, 0, "ok"), atB.frames.poll(5, SECONDS));

        byte[] image = new byte[64];
        image[3] = 42;
        la.publish(1, image.clone());
        Snapshot first = atB.snapshots.poll(5, SECONDS);
        assertNotNull(first);
        assertArrayEquals(image, first.bytes());
    }

    @Test
    void scatteredChangesTravelAsSeparateRangesNotTheGapBetween() throws Exception {
        connectPair();
        Collector atB = new Collector(4096);
        Link la = start(a, "a", FAST, (l, f) -> { });
        start(b, "b", FAST, atB);
        byte[] image = new byte[4096];
        la.publish(1, image.clone());
        assertNotNull(atB.snapshots.poll(5, SECONDS));
        atB.frames.clear();

        image[10] = 1;
        image[4000] = 2;
        la.publish(1, image.clone());
        assertArrayEquals(image, atB.snapshots.poll(5, SECONDS).bytes());
        Data d = (Data) atB.frames.poll(5, SECONDS);
        int sent = d.ranges().stream().mapToInt(r -> r.length()).sum();
        assertTrue(sent < 64, "only the changed bytes travel, sent " + sent + " in " + d.ranges());
    }

    @Test
    void creditGoesBackInBatchesThatAlwaysLeaveTheSenderAWholeFrame() throws Exception {
        assertEquals(512 * 1024, Link.creditBatch(1024 * 1024, 64 * 1024), "half the window");
        assertEquals(1, Link.creditBatch(64 * 1024, 64 * 1024), "a window of one frame: every frame goes back");
        assertEquals(32 * 1024 + 1, Link.creditBatch(96 * 1024, 64 * 1024), "never below one frame left");

        connectPair();
        start(b, "b", LinkOptions.defaults(), (l, f) -> { });
        // a is a raw peer: it sends sixteen DATA frames of exactly 64 KiB payload, then a PING
        FrameWriter toB = new FrameWriter(a.getOutputStream());
        FrameReader fromB = new FrameReader(a.getInputStream(), WireLimits.DEFAULT);
        int payload = 64 * 1024;
        for (int i = 0; i < 16; i++) {
            toB.write(new Data(1, i + 1, Data.COMPLETE, List.of(new Range(0,
                    new byte[payload - Data.FIXED_OVERHEAD - Data.RANGE_OVERHEAD]))));
        }
        toB.write(new Ping(5));
        toB.flush();
        // b handles frames in order: two grants of eight frames each, then the PONG; nothing per frame
        assertEquals(new Credit(8 * payload), fromB.next());
        assertEquals(new Credit(8 * payload), fromB.next());
        assertEquals(new Pong(5), fromB.next());
    }

    @Test
    void slowReaderMakesTheWriterCoalesceToTheNewestSnapshot() throws Exception {
        connectPair();
        LinkOptions tight = new LinkOptions(Duration.ofSeconds(5), Duration.ofSeconds(20),
                WireLimits.DEFAULT.maxFrameSize(), WireLimits.DEFAULT);
        Collector atB = new Collector(32 * 1024);
        atB.gate = new CountDownLatch(1);
        Link la = start(a, "a", tight, (l, f) -> { });
        start(b, "b", tight, atB);

        byte[] image = new byte[32 * 1024];
        for (int i = 1; i <= 2000; i++) {
            java.util.Arrays.fill(image, (byte) i);
            la.publish(1, image.clone());
        }
        atB.gate.countDown();
        byte[] last = image.clone();
        Snapshot s;
        int snapshots = 0;
        do {
            s = atB.snapshots.poll(10, SECONDS);
            assertNotNull(s, "newest snapshot never arrived");
            snapshots++;
        } while (!java.util.Arrays.equals(last, s.bytes()));
        assertTrue(snapshots < 100, "writer queued instead of coalescing: " + snapshots + " snapshots delivered");
    }

    @Test
    void silentPeerIsDroppedAfterTheDeadPeerTime() throws Exception {
        connectPair();
        // b is a raw socket that never answers pings.
        Link la = start(a, "a", FAST, (l, f) -> { });
        CloseReason reason = la.closed().get(10, SECONDS);
        assertEquals(CloseCode.TIMEOUT, reason.code());
        assertEquals(Closer.LOCAL, reason.by());
    }

    @Test
    void liveIdlePeersKeepEachOtherAlive() throws Exception {
        connectPair();
        Link la = start(a, "a", FAST, (l, f) -> { });
        Link lb = start(b, "b", FAST, (l, f) -> { });
        // Idle for three dead-peer periods: the pings alone must keep both ends open.
        CloseReason early = la.closed().completeOnTimeout(null, 2400, java.util.concurrent.TimeUnit.MILLISECONDS)
                .get(5, SECONDS);
        assertEquals(null, early, "link closed while the peer was alive");
        assertTrue(!la.isClosed() && !lb.isClosed());
    }

    @Test
    void garbageClosesOnlyThatLinkWithAProtocolErrorSentToThePeer() throws Exception {
        connectPair();
        AtomicInteger handled = new AtomicInteger();
        Link lb = start(b, "b", FAST, (l, f) -> handled.incrementAndGet());
        OutputStream out = a.getOutputStream();
        out.write(new byte[] {(byte) 0xEE, 0, 0, 0, 0, 4, 1, 2, 3, 4});
        out.flush();
        CloseReason reason = lb.closed().get(5, SECONDS);
        assertEquals(CloseCode.PROTOCOL_ERROR, reason.code());
        assertEquals(0, handled.get());
        // Pings may come first: read on to the close frame (the read times out rather than hangs).
        a.setSoTimeout(5000);
        FrameReader peerReader = new FrameReader(a.getInputStream(), WireLimits.DEFAULT);
        Frame close = peerReader.next();
        while (close instanceof org.ioswitch.common.wire.Ping) {
            close = peerReader.next();
        }
        assertInstanceOf(Close.class, close);
        assertEquals(CloseCode.PROTOCOL_ERROR, ((Close) close).code());
    }

    @Test
    void closeTellsThePeerWhyAndIsIdempotent() throws Exception {
        connectPair();
        Link la = start(a, "a", FAST, (l, f) -> { });
        Link lb = start(b, "b", FAST, (l, f) -> { });
        la.close(CloseCode.SHUTDOWN, "server stopping");
        la.close(CloseCode.INTERNAL, "second close is ignored");
        CloseReason atB = lb.closed().get(5, SECONDS);
        assertEquals(new CloseReason(CloseCode.SHUTDOWN, "server stopping", Closer.PEER), atB);
        assertEquals(CloseCode.SHUTDOWN, la.closed().get(5, SECONDS).code());
        assertTrue(List.of(la, lb).stream().allMatch(Link::isClosed));
    }
}
