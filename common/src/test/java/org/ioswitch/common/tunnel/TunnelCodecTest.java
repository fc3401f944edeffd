package org.ioswitch.common.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ioswitch.common.tunnel.TunnelFrame.Ping;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.tunnel.TunnelFrame.StreamClose;
import org.ioswitch.common.tunnel.TunnelFrame.StreamCredit;
import org.ioswitch.common.tunnel.TunnelFrame.StreamData;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;
import org.junit.jupiter.api.Test;

class TunnelCodecTest {
    static final int LIMIT = 64 * 1024;

    static List<TunnelFrame> samples() {
        return List.of(
                new StreamOpen(7, "pekkahome", "10.0.0.7", 51234, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "TLS", ""),
                new StreamData(7, new byte[] {1, 2, 3}),
                new StreamData(8, new byte[0]),
                new StreamCredit(7, 65536),
                new StreamClose(7, CloseCode.LIMIT, "too many"),
                new Publish(false, List.of("pekkahome", "lab")),
                new Publish(true, List.of()),
                new Ping(false, 0x0102030405060708L),
                new Ping(true, -1L),
                new TunnelClose(CloseCode.TIMEOUT, "silent"));
    }

    static TunnelFrame decode(byte[] bytes) throws IOException {
        return TunnelCodec.read(new ByteArrayInputStream(bytes), LIMIT);
    }

    @Test
    void goldenStreamCredit() throws IOException {
        byte[] bytes = TunnelCodec.encode(new StreamCredit(5, 0x10000));
        assertArrayEquals(new byte[] {
            0x43, 0,                 // type STREAM_CREDIT, flags
            0, 0, 0, 8,              // payload length
            0, 0, 0, 5,              // streamId
            0, 1, 0, 0}, bytes);     // bytes = 65536
        assertEquals(new StreamCredit(5, 0x10000), decode(bytes));
    }

    @Test
    void goldenStreamClose() throws IOException {
        byte[] bytes = TunnelCodec.encode(new StreamClose(1, CloseCode.UNKNOWN_NETWORK, "x"));
        assertArrayEquals(new byte[] {
            0x44, 0, 0, 0, 0, 9,     // STREAM_CLOSE, flags, length 9
            0, 0, 0, 1,              // streamId
            0, 5,                    // code UNKNOWN_NETWORK
            0, 1, 'x'}, bytes);      // text
    }

    @Test
    void everyFrameRoundTrips() throws IOException {
        for (TunnelFrame f : samples()) {
            TunnelFrame back = decode(TunnelCodec.encode(f));
            if (f instanceof StreamData d) {
                assertArrayEquals(d.bytes(), ((StreamData) back).bytes());
                assertEquals(d.streamId(), ((StreamData) back).streamId());
            } else {
                assertEquals(f, back);
            }
        }
    }

    @Test
    void cleanEndBetweenFramesIsNull() throws IOException {
        assertNull(decode(new byte[0]));
    }

    @Test
    void everyTruncationIsAProtocolError() {
        for (TunnelFrame f : samples()) {
            byte[] bytes = TunnelCodec.encode(f);
            for (int cut = 1; cut < bytes.length; cut++) {
                byte[] part = Arrays.copyOf(bytes, cut);
                WireException e = assertThrows(WireException.class, () -> decode(part), f + " cut at " + cut);
                assertEquals(CloseCode.PROTOCOL_ERROR, e.code());
            }
        }
    }

    @Test
    void oversizedFrameIsRefusedBeforeAllocating() {
        byte[] header = {0x42, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        WireException e = assertThrows(WireException.class, () -> decode(header));
        assertEquals(CloseCode.FRAME_TOO_LARGE, e.code());
        assertEquals("STREAM_DATA: frame length 2147483647 exceeds limit 65536", e.getMessage());
    }

    @Test
    void unknownTypeFlagsAndZeroStreamAreRefused() {
        assertEquals("tunnel: unknown frame type 0x01",
                assertThrows(WireException.class, () -> decode(new byte[] {1, 0, 0, 0, 0, 0})).getMessage());
        assertTrue(assertThrows(WireException.class, () -> decode(new byte[] {0x50, 4, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0}))
                .getMessage().contains("unknown flags 0x04"));
        assertTrue(assertThrows(WireException.class, () -> decode(new byte[] {0x42, 0, 0, 0, 0, 4, 0, 0, 0, 0}))
                .getMessage().contains("streamId must be 1..2147483647, was 0"));
        assertTrue(assertThrows(WireException.class,
                () -> decode(new byte[] {0x43, 0, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0}))
                .getMessage().contains("bytes must be 1.."));
    }

    @Test
    void trailingBytesAndBadUtf8AreRefused() {
        byte[] ping = TunnelCodec.encode(new Ping(false, 1));
        byte[] longer = Arrays.copyOf(ping, ping.length + 1);
        longer[5] = 9;
        assertTrue(assertThrows(WireException.class, () -> decode(longer)).getMessage()
                .contains("1 unexpected bytes after the last field"));
        byte[] close = {0x5F, 0, 0, 0, 0, 5, 0, 0, 0, 1, (byte) 0xFF};
        assertTrue(assertThrows(WireException.class, () -> decode(close)).getMessage().contains("not valid UTF-8"));
    }

    @Test
    void randomMutationsNeverThrowAnythingButWireException() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            List<TunnelFrame> all = samples();
            byte[] bytes = TunnelCodec.encode(all.get(random.nextInt(all.size())));
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                decode(bytes);
            } catch (WireException expected) {
                // a clear refusal is fine
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("mutation " + Arrays.toString(bytes) + " gave " + e, e);
            }
        }
    }
}
