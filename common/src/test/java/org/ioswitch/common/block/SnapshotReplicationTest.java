package org.ioswitch.common.block;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Range;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.common.wire.WireLimits;
import org.junit.jupiter.api.Test;

class SnapshotReplicationTest {
    private static final int FRAME = WireLimits.MIN_FRAME_SIZE;

    private static Snapshot replay(SnapshotAssembler a, List<Data> frames) throws WireException {
        Snapshot done = null;
        for (int i = 0; i < frames.size(); i++) {
            Snapshot s = a.accept(frames.get(i));
            if (i < frames.size() - 1) {
                assertNull(s, "a snapshot is only complete at its last frame");
            }
            done = s;
        }
        return done;
    }

    @Test
    void keyframeThenDeltasRebuildTheImageAcrossManySplitFrames() throws WireException {
        Random rnd = new Random(11);
        byte[] image = new byte[20_000];
        rnd.nextBytes(image);
        SnapshotAssembler receiver = new SnapshotAssembler(3, image.length);
        List<Data> key = SnapshotEncoder.encode(3, 1, null, image, FRAME, 1024);
        assertTrue(key.size() > 4, "20 kB in 4 kB frames: " + key.size());
        for (Data d : key) {
            assertTrue(d.keyframe());
            assertTrue(d.payloadLength() <= FRAME, "frame fits the peer's limit: " + d.payloadLength());
        }
        assertArrayEquals(image, replay(receiver, key).bytes());

        byte[] last = image.clone();
        for (int seq = 2; seq < 40; seq++) {
            byte[] next = last.clone();
            for (int k = rnd.nextInt(300); k > 0; k--) {
                next[rnd.nextInt(next.length)] = (byte) rnd.nextInt(256);
            }
            List<Data> frames = SnapshotEncoder.encode(3, seq, last, next, FRAME, 1024);
            Snapshot got = replay(receiver, frames);
            assertArrayEquals(next, got.bytes(), "snapshot " + seq);
            assertEquals(seq, got.seq());
            last = next;
        }
        assertTrue(SnapshotEncoder.encode(3, 99, last, last.clone(), FRAME, 1024).isEmpty(), "nothing changed");
    }

    @Test
    void compressionIsUsedWhereItPaysAndRawWhereItDoesNot() throws WireException {
        byte[] last = new byte[2000];
        byte[] sparse = last.clone();
        for (int i = 0; i < 2000; i += 7) {
            sparse[i] = 1; // 286 changes 6 bytes apart: raw is one merged range of 1996 bytes
        }
        List<Data> packed = SnapshotEncoder.encode(1, 2, last, sparse, FRAME, 1024);
        assertEquals(1, packed.size());
        assertTrue(packed.get(0).compressed());
        // each change packs as [1][delta][6 zeros] = 3 bytes per 7
        assertTrue(packed.get(0).payloadLength() < 900, "packed: " + packed.get(0).payloadLength());
        SnapshotAssembler receiver = new SnapshotAssembler(1, 2000);
        assertArrayEquals(sparse, replay(receiver, packed).bytes());

        byte[] dense = new byte[2000];
        new Random(5).nextBytes(dense);
        for (int i = 0; i < dense.length; i++) {
            dense[i] |= 1;
        }
        List<Data> raw = SnapshotEncoder.encode(1, 3, sparse, dense, FRAME, 1024);
        assertFalse(raw.get(0).compressed(), "random bytes do not pack: sent raw");
        assertArrayEquals(dense, replay(receiver, raw).bytes());
    }

    @Test
    void rangesInAnyOrderOverlappingOrSlicedBuildWhatApplyingThemInTurnWould() throws WireException {
        // The assembler fills a snapshot's uncovered bytes from the previous image lazily, as ranges pass them; this
        // compares it with the plain model (copy the previous image, apply every range in turn) on random frames.
        Random rnd = new Random(23);
        int size = 3000;
        SnapshotAssembler receiver = new SnapshotAssembler(4, size);
        byte[] model = new byte[size];
        Snapshot earlier = null;
        byte[] earlierBytes = null;
        for (int seq = 1; seq <= 300; seq++) {
            boolean keyframe = seq == 1 || rnd.nextInt(10) == 0;
            byte[] base = keyframe ? new byte[size] : model;
            byte[] next = base.clone();
            int frames = 1 + rnd.nextInt(3);
            List<Data> out = new java.util.ArrayList<>();
            for (int f = 0; f < frames; f++) {
                boolean compressed = rnd.nextInt(4) == 0;
                List<Range> ranges = new java.util.ArrayList<>();
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    int offset = rnd.nextInt(size);
                    int length = 1 + rnd.nextInt(Math.min(400, size - offset));
                    byte[] fresh = next.clone();
                    for (int i = offset; i < offset + length; i++) {
                        fresh[i] = rnd.nextInt(3) == 0 ? base[i] : (byte) rnd.nextInt(256);
                    }
                    byte[] packed = compressed ? ZeroRun.encode(base, fresh, offset, length) : null;
                    if (compressed && packed == null) {
                        continue; // not worth packing; keep the frame's ranges all of one kind
                    }
                    System.arraycopy(fresh, offset, next, offset, length);
                    if (compressed) {
                        ranges.add(new Range(offset, packed));
                    } else {
                        // a slice of a larger array, as the encoder sends them
                        byte[] source = new byte[length + 20];
                        System.arraycopy(fresh, offset, source, 7, length);
                        ranges.add(new Range(offset, source, 7, length));
                    }
                }
                int flags = (keyframe ? Data.KEYFRAME : 0) | (compressed ? Data.COMPRESSED : 0)
                        | (f == frames - 1 ? Data.COMPLETE : 0);
                out.add(new Data(4, seq, flags, ranges));
            }
            Snapshot got = replay(receiver, out);
            assertArrayEquals(next, got.bytes(), "snapshot " + seq);
            if (earlier != null) {
                assertArrayEquals(earlierBytes, earlier.bytes(), "a later snapshot changed an earlier one");
            }
            earlier = got;
            earlierBytes = got.bytes();
            model = next;
        }
    }

    @Test
    void longRewritesWithHolesReplicateExactlyAndLongUnchangedStretchesStayHome() throws WireException {
        Random rnd = new Random(31);
        int size = 200_000;
        byte[] last = new byte[size];
        rnd.nextBytes(last);
        SnapshotAssembler receiver = new SnapshotAssembler(5, size);
        replay(receiver, SnapshotEncoder.encode(5, 1, null, last, 65_530, 1024));
        for (int seq = 2; seq < 30; seq++) {
            byte[] next = last.clone();
            int at = rnd.nextInt(size / 2);
            int len = 5_000 + rnd.nextInt(size / 2 - 5_000);
            for (int i = at; i < at + len; i++) {
                next[i] = (byte) (last[i] + 1 + rnd.nextInt(255));
            }
            for (int k = rnd.nextInt(8); k > 0; k--) { // holes: bytes left as they were, short and long
                int h = at + rnd.nextInt(len);
                int hl = Math.min(at + len - h, rnd.nextBoolean() ? 1 + rnd.nextInt(30) : 300 + rnd.nextInt(2_000));
                System.arraycopy(last, h, next, h, hl);
            }
            List<Data> frames = SnapshotEncoder.encode(5, seq, last, next, 65_530, 1024);
            assertArrayEquals(next, replay(receiver, frames).bytes(), "snapshot " + seq);
            boolean[] sent = new boolean[size];
            for (Data d : frames) {
                assertFalse(d.compressed(), "random changes do not pack");
                for (Range r : d.ranges()) {
                    java.util.Arrays.fill(sent, r.offset(), (int) r.end(), true);
                }
            }
            int stretch = 0;
            for (int i = 0; i < size; i++) {
                stretch = sent[i] && next[i] == last[i] ? stretch + 1 : 0;
                assertTrue(stretch < ByteCompare.STRIDE + 15, "sent an unchanged stretch of " + stretch + " at " + i);
            }
            last = next;
        }
    }

    @Test
    void aBlockRewrittenWholesaleIsSentRawOneRangePerFrame() throws WireException {
        byte[] last = new byte[70_000];
        new Random(3).nextBytes(last);
        byte[] next = last.clone();
        for (int i = 0; i < next.length; i++) {
            next[i] ^= (byte) 0x5A; // every byte differs
        }
        List<Data> frames = SnapshotEncoder.encode(1, 2, last, next, 65_530, 1024);
        assertEquals(2, frames.size());
        for (Data d : frames) {
            assertFalse(d.compressed());
            assertEquals(1, d.ranges().size());
            assertTrue(d.payloadLength() <= 65_530, "frame fits: " + d.payloadLength());
        }
        assertArrayEquals(next, replay(new SnapshotAssembler(1, next.length), frames).bytes());
    }

    @Test
    void aSlowLinkCoalescesToTheNewestDifference() throws WireException {
        byte[] sent = new byte[100];
        byte[] v1 = sent.clone();
        v1[10] = 1;
        byte[] v2 = v1.clone();
        v2[10] = 0; // back to what the receiver has: nothing to send for byte 10
        v2[90] = 7;
        List<Data> frames = SnapshotEncoder.encode(2, 3, sent, v2, FRAME, 1024);
        assertEquals(1, frames.size());
        assertEquals("[Range[90+1]]", frames.get(0).ranges().toString());
    }

    @Test
    void rangesBeyondTheBlockAreRefusedWithSizes() {
        SnapshotAssembler receiver = new SnapshotAssembler(3, 64);
        Data bad = new Data(3, 1, Data.COMPLETE, List.of(new Range(40, new byte[32])));
        WireException e = assertThrows(WireException.class, () -> receiver.accept(bad));
        assertEquals("DATA block 3: range 40+32 exceeds size 64", e.getMessage());
        // a compressed range is checked by its decoded length: 1 literal + 255 zeros = 256 bytes
        Data packed = new Data(3, 2, Data.COMPLETE | Data.COMPRESSED, List.of(new Range(0, new byte[] {1, 9, (byte) 255})));
        SnapshotAssembler other = new SnapshotAssembler(3, 64);
        assertEquals("DATA block 3: range 0+256 exceeds size 64",
                assertThrows(WireException.class, () -> other.accept(packed)).getMessage());
    }

    @Test
    void aNewSnapshotBeforeCompleteIsAProtocolError() throws WireException {
        SnapshotAssembler receiver = new SnapshotAssembler(3, 64);
        assertNull(receiver.accept(new Data(3, 1, 0, List.of(new Range(0, new byte[] {1})))));
        WireException e = assertThrows(WireException.class,
                () -> receiver.accept(new Data(3, 2, Data.COMPLETE, List.of())));
        assertEquals("DATA block 3: snapshot 2 started before snapshot 1 completed", e.getMessage());
    }

    @Test
    void blockReplicatesOverALoopbackSocket() throws Exception {
        MemoryBlock device = new MemoryBlock(new DeviceId("gina", 3, "pekkahome"),
                SignalMapTest.gina().block("exp"), Direction.UP);
        MemoryBlock server = new MemoryBlock(device.device(), device.layout(), Direction.UP);
        ExecutorService pool = Executors.newSingleThreadExecutor(Threads.daemonFactory("replication-test"));
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<Long> receiving = pool.submit(() -> {
                try (Socket s = listener.accept()) {
                    FrameReader reader = new FrameReader(new BufferedInputStream(s.getInputStream()), WireLimits.DEFAULT);
                    SnapshotAssembler assembler = new SnapshotAssembler(7, server.size());
                    long applied = 0;
                    Frame f;
                    while ((f = reader.next()) != null) {
                        Snapshot snap = assembler.accept((Data) f);
                        if (snap != null) {
                            server.apply(snap);
                            applied++;
                        }
                    }
                    return applied;
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                FrameWriter writer = new FrameWriter(new BufferedOutputStream(s.getOutputStream()));
                byte[] lastSent = null;
                for (int i = 1; i <= 50; i++) {
                    device.signal("counter").set((long) i);
                    device.signal("status_text").set("run " + i);
                    Snapshot snap = device.publish();
                    for (Data d : SnapshotEncoder.encode(7, snap.seq(), lastSent, snap.bytes(), FRAME, 1024)) {
                        writer.write(d);
                    }
                    lastSent = snap.bytes();
                }
                writer.flush();
                s.shutdownOutput();
                assertEquals(50L, receiving.get(10, SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, server.signal("counter").getLong());
        assertEquals("run 50", server.signal("status_text").getString());
        assertArrayEquals(device.snapshot().bytes(), server.snapshot().bytes());
    }
}
