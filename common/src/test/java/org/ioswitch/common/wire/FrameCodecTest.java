package org.ioswitch.common.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static Frame decodeOne(byte[] bytes) throws IOException {
        return new FrameReader(new ByteArrayInputStream(bytes), WireLimits.DEFAULT).next();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void helloGoldenBytes() throws IOException {
        byte[] expected = bytes(
                'I', 'O', 'S', 'W',          // preamble magic
                0x00, 0x01,                  // version 1
                0x01,                        // type HELLO
                0x01,                        // flags NEED_TRUST_BUNDLE
                0x00, 0x00, 0x00, 0x10,      // payload length 16
                0x01,                        // role DEVICE
                0x00, 0x01, 0x00, 0x00,      // maxFrameSize 65536
                0x00, 0x09,                  // network length 9
                'p', 'e', 'k', 'k', 'a', 'h', 'o', 'm', 'e');
        assertArrayEquals(expected, FrameWriter.encodeHello(SampleFrames.hello()));
        assertEquals(SampleFrames.hello(), FrameReader.readHello(new ByteArrayInputStream(expected)));
    }

    @Test
    void dataGoldenBytes() throws IOException {
        Data data = new Data(3, 42, Data.COMPLETE,
                List.of(new Range(0, new byte[] {1, 2}), new Range(40, new byte[] {7, 7, 7})));
        byte[] expected = bytes(
                0x20,                        // type DATA
                0x01,                        // flags COMPLETE
                0x00, 0x00, 0x00, 0x21,      // payload length 33 = 12 fixed + (8+2) + (8+3)
                0x00, 0x03,                  // blockId 3
                0, 0, 0, 0, 0, 0, 0, 42,     // snapshotSeq 42
                0x00, 0x02,                  // 2 ranges
                0, 0, 0, 0, 0, 0, 0, 2,      // range 0: offset 0, length 2
                1, 2,                        //   bytes
                0, 0, 0, 40, 0, 0, 0, 3,     // range 1: offset 40, length 3 (the gap 2..39 is not sent)
                7, 7, 7);                    //   bytes
        assertArrayEquals(expected, FrameWriter.encode(data));
        assertEquals(33, data.payloadLength());
        Data back = (Data) decodeOne(expected);
        assertEquals(2, back.ranges().size());
        assertArrayEquals(new byte[] {7, 7, 7}, back.ranges().get(1).bytes());
    }

    @Test
    void rangesSlicedFromALargerArrayEncodeLikeWholeArraysAndTheWriterReusesOneBuffer() throws IOException {
        byte[] snapshot = {9, 9, 1, 2, 9, 7, 7, 7, 9};
        Data sliced = new Data(3, 42, Data.COMPLETE,
                List.of(new Range(0, snapshot, 2, 2), new Range(40, snapshot, 5, 3)));
        Data whole = new Data(3, 42, Data.COMPLETE,
                List.of(new Range(0, new byte[] {1, 2}), new Range(40, new byte[] {7, 7, 7})));
        assertArrayEquals(FrameWriter.encode(whole), FrameWriter.encode(sliced));

        // A big frame, then a small one through the same writer: the small one must not carry the big one's tail.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out);
        Data big = new Data(1, 1, 0, List.of(new Range(0, new byte[3000])));
        writer.write(big);
        writer.write(sliced);
        byte[] both = out.toByteArray();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(both), WireLimits.DEFAULT);
        assertEquals(3000, ((Data) reader.next()).ranges().get(0).length());
        Data back = (Data) reader.next();
        assertArrayEquals(new byte[] {1, 2}, back.ranges().get(0).bytes());
        assertArrayEquals(new byte[] {7, 7, 7}, back.ranges().get(1).bytes());
        assertNull(reader.next(), "nothing after the two frames");
        assertThrows(IndexOutOfBoundsException.class, () -> new Range(0, snapshot, 7, 3), "a slice past the end");
    }

    @Test
    void aReaderReusingItsDataBufferDecodesEveryFrameAsAFreshOneWould() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out);
        byte[] big = new byte[5000];
        java.util.Arrays.fill(big, (byte) 3);
        writer.write(new Data(1, 1, 0, List.of(new Range(0, big))));
        writer.write(new Data(1, 1, Data.COMPLETE, List.of(new Range(9, new byte[] {4, 5}))));
        writer.write(new Ack(1, 1, 0, "ok"));
        writer.write(new Data(2, 7, Data.COMPLETE, List.of(new Range(0, new byte[] {6}), new Range(80, new byte[] {7}))));
        byte[] stream = out.toByteArray();

        FrameReader reader = new FrameReader(new ByteArrayInputStream(stream), WireLimits.DEFAULT);
        reader.reuseDataBuffers();
        // each frame is checked before the next is read: its bytes live only that long
        assertArrayEquals(big, ((Data) reader.next()).ranges().get(0).bytes());
        Data small = (Data) reader.next();
        assertEquals(1, small.ranges().size(), "the smaller frame does not run into the bigger one's leftovers");
        assertArrayEquals(new byte[] {4, 5}, small.ranges().get(0).bytes());
        assertEquals(new Ack(1, 1, 0, "ok"), reader.next());
        Data two = (Data) reader.next();
        assertEquals("[Range[0+1], Range[80+1]]", two.ranges().toString());
        assertArrayEquals(new byte[] {7}, two.ranges().get(1).bytes());
        assertNull(reader.next());

        // cut inside the last DATA frame: a clear error, as without reuse
        FrameReader cut = new FrameReader(new ByteArrayInputStream(java.util.Arrays.copyOf(stream, stream.length - 3)),
                WireLimits.DEFAULT);
        cut.reuseDataBuffers();
        cut.next();
        cut.next();
        cut.next();
        WireException e = assertThrows(WireException.class, cut::next);
        assertTrue(e.getMessage().startsWith("connection ended inside DATA frame"), e.getMessage());
    }

    @Test
    void writeResultGoldenBytesAsInTheProtocolDoc() throws IOException {
        byte[] expected = bytes(
                0x23, 0x00, 0, 0, 0, 0x2B,                   // WRITE_RESULT, no flags, length 43
                0x00, 0x05,                                  // blockId 5
                0, 0, 0, 0, 0, 0, 0, 0x13,                   // snapshotSeq 19
                0x03,                                        // outcome PENDING
                0, 0, 0, 0, 0, 0, 0, 0x2A,                   // version 42
                0x00, 0x00, 0x01, 0x9A, 0xE4, 0x85, 0x46, 0xB8, // sinceMillis 1764770531000
                0x00, 0x0E, 'd', 'e', 'v', 'i', 'c', 'e', ' ', 'o', 'f', 'f', 'l', 'i', 'n', 'e');
        WriteResult r = new WriteResult(5, 19, WriteOutcome.PENDING, 42, 1_764_770_531_000L, "device offline");
        assertArrayEquals(expected, FrameWriter.encode(r));
        assertEquals(r, new FrameReader(new java.io.ByteArrayInputStream(expected), WireLimits.DEFAULT).next());
    }

    @Test
    void aDeviceStatusWhoseCauseContradictsOnlineIsRefused() throws IOException {
        byte[] bad = FrameWriter.encode(new DeviceStatus("g1.n", false, OfflineCause.NETWORK_ERROR, 1, 1, ""));
        bad[6 + 2 + 4 + 1] = 0; // cause NONE while offline
        WireException e = assertThrows(WireException.class,
                () -> new FrameReader(new java.io.ByteArrayInputStream(bad), WireLimits.DEFAULT).next());
        assertTrue(e.getMessage().contains("cause NONE does not fit online=false"), e.getMessage());
    }

    @Test
    void closeAndAuthOkGoldenBytes() throws IOException {
        byte[] close = bytes(
                0x3f, 0x00, 0, 0, 0, 6,      // CLOSE, no flags, length 6
                0x00, 0x08,                  // code TIMEOUT (8)
                0x00, 0x02, 'h', 'i');       // text "hi"
        assertArrayEquals(close, FrameWriter.encode(new Close(CloseCode.TIMEOUT, "hi")));
        assertEquals(new Close(CloseCode.TIMEOUT, "hi"), decodeOne(close));
        byte[] authOk = bytes(
                0x06, 0x00, 0, 0, 0, 5,      // AUTH_OK, no flags, length 5
                0x00, 0x02, 'g', '7',        // identity "g7"
                0x06);                       // privileges USER|ADMIN
        assertEquals(new AuthOk("g7", EnumSet.of(Privilege.USER, Privilege.ADMIN)), decodeOne(authOk));
    }

    @Test
    void everyFrameTypeRoundTrips() throws IOException {
        Set<FrameType> seen = new HashSet<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(stream);
        writer.writeHello(SampleFrames.hello());
        for (Frame f : SampleFrames.all()) {
            writer.write(f);
        }
        writer.flush();
        ByteArrayInputStream in = new ByteArrayInputStream(stream.toByteArray());
        assertEquals(SampleFrames.hello(), FrameReader.readHello(in));
        seen.add(FrameType.HELLO);
        FrameReader reader = new FrameReader(in, WireLimits.DEFAULT);
        for (Frame f : SampleFrames.all()) {
            Frame back = reader.next();
            assertEquals(f.type(), back.type());
            assertArrayEquals(FrameWriter.encode(f), FrameWriter.encode(back), f.type().toString());
            assertEquals(f.toString(), back.toString());
            seen.add(back.type());
        }
        assertNull(reader.next(), "clean end of stream between frames");
        assertEquals(EnumSet.allOf(FrameType.class), seen);
    }

    @Test
    void everyTruncationOfEveryFrameIsAWireException() throws IOException {
        for (Frame f : SampleFrames.all()) {
            byte[] full = FrameWriter.encode(f);
            for (int cut = 1; cut < full.length; cut++) {
                byte[] part = java.util.Arrays.copyOf(full, cut);
                WireException e = assertThrows(WireException.class, () -> decodeOne(part), f.type() + " cut at " + cut);
                assertTrue(e.getMessage().contains("connection ended inside"), e.getMessage());
            }
        }
        byte[] hello = FrameWriter.encodeHello(SampleFrames.hello());
        for (int cut = 0; cut < hello.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(hello, cut);
            assertThrows(WireException.class, () -> FrameReader.readHello(new ByteArrayInputStream(part)));
        }
    }

    @Test
    void lengthFieldShorterThanContentIsAWireExceptionNotAReadIntoTheNextFrame() throws IOException {
        for (Frame f : SampleFrames.all()) {
            byte[] full = FrameWriter.encode(f);
            int length = full.length - 6;
            for (int shorter = 0; shorter < length; shorter++) {
                byte[] b = full.clone();
                b[2] = 0;
                b[3] = 0;
                b[4] = (byte) (shorter >> 8);
                b[5] = (byte) shorter;
                // the following frame must stay intact: decode from a stream that continues with a PING
                ByteArrayOutputStream s = new ByteArrayOutputStream();
                s.write(b, 0, 6 + shorter);
                s.write(FrameWriter.encode(new Ping(7)));
                FrameReader r = new FrameReader(new ByteArrayInputStream(s.toByteArray()), WireLimits.DEFAULT);
                if (shorter == 0 && (f instanceof TrustRequest || f instanceof ListDevices)) {
                    continue;
                }
                assertThrows(WireException.class, r::next, f.type() + " with length " + shorter);
            }
        }
    }

    @Test
    void trailingGarbageInsideAFrameIsRefused() throws IOException {
        byte[] ping = FrameWriter.encode(new Ping(1));
        byte[] longer = java.util.Arrays.copyOf(ping, ping.length + 1);
        longer[5] = 9;
        WireException e = assertThrows(WireException.class, () -> decodeOne(longer));
        assertEquals("PING: 1 trailing bytes after the last field", e.getMessage());
        assertEquals(CloseCode.PROTOCOL_ERROR, e.code());
    }

    @Test
    void oversizedLengthIsRefusedBeforeAllocating() {
        // 2 GiB - 1 announced, no payload present: reading must fail on the length alone
        byte[] header = bytes(0x20, 0x01, 0x7f, 0xff, 0xff, 0xff);
        WireException e = assertThrows(WireException.class, () -> decodeOne(header));
        assertEquals(CloseCode.FRAME_TOO_LARGE, e.code());
        assertEquals("DATA: frame length 2147483647 exceeds limit 65536", e.getMessage());
        byte[] nine = bytes(0x30, 0x00, 0x00, 0x89, 0x54, 0x40);
        e = assertThrows(WireException.class, () -> decodeOne(nine));
        assertEquals("PING: frame length 9000000 exceeds limit 65536", e.getMessage());
        byte[] max = bytes(0x30, 0x00, 0xff, 0xff, 0xff, 0xff);
        assertEquals(CloseCode.FRAME_TOO_LARGE, assertThrows(WireException.class, () -> decodeOne(max)).code());
    }

    @Test
    void negotiatedLimitIsAppliedToLaterFrames() throws IOException {
        byte[] big = FrameWriter.encode(new Data(1, 1, 0, List.of(new Range(0, new byte[5000]))));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(big), WireLimits.DEFAULT);
        reader.limits(WireLimits.DEFAULT.withMaxFrameSize(WireLimits.MIN_FRAME_SIZE));
        WireException e = assertThrows(WireException.class, reader::next);
        assertEquals("DATA: frame length 5020 exceeds limit 4096", e.getMessage());
        FrameWriter writer = new FrameWriter(new ByteArrayOutputStream(), WireLimits.MIN_FRAME_SIZE);
        assertEquals(CloseCode.FRAME_TOO_LARGE, assertThrows(WireException.class,
                () -> writer.write(new Data(1, 1, 0, List.of(new Range(0, new byte[5000]))))).code());
    }

    @Test
    void unknownTypeAndUnknownFlagsAreProtocolErrors() {
        WireException e = assertThrows(WireException.class, () -> decodeOne(bytes(0x77, 0, 0, 0, 0, 0)));
        assertEquals("unknown frame type 0x77", e.getMessage());
        e = assertThrows(WireException.class, () -> decodeOne(bytes(0x03, 0x01, 0, 0, 0, 0)));
        assertEquals("TRUST_REQUEST: unknown flags 0x01", e.getMessage());
        e = assertThrows(WireException.class, () -> decodeOne(bytes(0x01, 0x00, 0, 0, 0, 0)));
        assertTrue(e.getMessage().startsWith("HELLO: only allowed once"), e.getMessage());
    }

    @Test
    void dataRangesAreCheckedAgainstBytesLeftAndBlockLimit() throws IOException {
        WireLimits small = WireLimits.builder().maxBlockSize(64).build();
        byte[] f = FrameWriter.encode(new Data(3, 1, 0, List.of(new Range(40, new byte[32]))));
        WireException e = assertThrows(WireException.class,
                () -> new FrameReader(new ByteArrayInputStream(f), small).next());
        assertEquals("DATA: block 3: range 40+32 exceeds max block size 64", e.getMessage());
        byte[] tooMany = FrameWriter.encode(new Data(3, 1, 0, List.of()));
        tooMany[16] = (byte) 0x10; // range count 4096 in a frame with no range bytes
        e = assertThrows(WireException.class, () -> decodeOne(tooMany));
        assertEquals("DATA: block 3: range count 4096 exceeds limit 1024", e.getMessage());
        tooMany[16] = 0;
        tooMany[17] = 3;
        e = assertThrows(WireException.class, () -> decodeOne(tooMany));
        assertEquals("DATA: block 3: 3 ranges need at least 24 bytes, 0 left", e.getMessage());
    }

    @Test
    void namesAreLimitedAndMustBeValidUtf8() throws IOException {
        byte[] ok = FrameWriter.encode(new PairingPending("x".repeat(64)));
        assertEquals(new PairingPending("x".repeat(64)), decodeOne(ok));
        byte[] longName = FrameWriter.encode(new PairingPending("x".repeat(65)));
        assertEquals("PAIRING_PENDING: pairingCode length 65 exceeds limit 64",
                assertThrows(WireException.class, () -> decodeOne(longName)).getMessage());
        byte[] bad = bytes(0x07, 0, 0, 0, 0, 4, 0, 2, 0xc3, 0x28);
        assertEquals("PAIRING_PENDING: pairingCode is not valid UTF-8",
                assertThrows(WireException.class, () -> decodeOne(bad)).getMessage());
    }

    @Test
    void helloWithWrongMagicNamesWhatItGot() {
        byte[] tls = bytes(0x16, 0x03, 0x01, 0x02, 0, 0);
        WireException e = assertThrows(WireException.class, () -> FrameReader.readHello(new ByteArrayInputStream(tls)));
        assertEquals("bad preamble: expected 49 4f 53 57 (IOSW), got 16 03 01 02", e.getMessage());
    }

    @Test
    void readHelloLeavesTheNextFrameOnTheStream() throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.write(FrameWriter.encodeHello(SampleFrames.hello()));
        s.write(FrameWriter.encode(new Ping(5)));
        ByteArrayInputStream in = new ByteArrayInputStream(s.toByteArray());
        FrameReader.readHello(in);
        assertEquals(new Ping(5), new FrameReader(in, WireLimits.DEFAULT).next());
    }

    @Test
    void authNeverShowsItsCredential() {
        String text = new Auth("pekka", CredentialKind.PASSWORD, "hunter2".getBytes(), "").toString();
        assertFalse(text.contains("hunter2"));
        assertFalse(text.contains("[B@"));
    }

    @Test
    void limitsNameTheFieldOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WireLimits.builder().maxFrameSize(100).build());
        assertEquals("maxFrameSize must be 4096..16777216, was 100", e.getMessage());
        assertEquals(WireLimits.DEFAULT, WireLimits.DEFAULT.toBuilder().build());
    }
}
