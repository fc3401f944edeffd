package org.ioswitch.common.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing: the decoder must only ever return a frame (or null at a clean end) or throw
 * {@link WireException}: never another exception, never hang. Seeds are fixed so a failure reproduces.
 */
class FrameFuzzTest {
    private static final int CASES_PER_KIND = 12_000;

    private final List<byte[]> seeds = new ArrayList<>();

    FrameFuzzTest() throws WireException {
        for (Frame f : SampleFrames.all()) {
            seeds.add(FrameWriter.encode(f));
        }
    }

    /** Decodes every frame in {@code input}; fails the test on anything but frames, null or WireException. */
    private static void decodeAll(byte[] input, String what) {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(input), WireLimits.DEFAULT);
        try {
            // each loop consumes at least one header, so this ends within input.length/6 + 1 rounds
            for (int i = 0; i <= input.length / 6 + 1; i++) {
                if (reader.next() == null) {
                    return;
                }
            }
            fail(what + ": decoder did not reach the end of its input");
        } catch (WireException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty(), what + ": empty message");
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(what + ": " + e + " on input " + Arrays.toString(input), e);
        }
    }

    private static void decodeHello(byte[] input, String what) {
        try {
            FrameReader.readHello(new ByteArrayInputStream(input));
        } catch (WireException expected) {
            // fine
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(what + ": " + e + " on input " + Arrays.toString(input), e);
        }
    }

    @Test
    void randomBytes() {
        Random rnd = new Random(0x1057_0001L);
        for (int i = 0; i < CASES_PER_KIND; i++) {
            byte[] b = new byte[rnd.nextInt(80)];
            rnd.nextBytes(b);
            if (b.length > 0 && rnd.nextBoolean()) {
                b[0] = (byte) FrameType.values()[rnd.nextInt(FrameType.values().length)].code();
            }
            if (b.length > 5) {
                b[2] = 0; // mostly plausible lengths, so payload decoding is reached
                b[3] = 0;
                b[4] = 0;
                b[5] = (byte) rnd.nextInt(b.length);
            }
            decodeAll(b, "random case " + i);
        }
    }

    @Test
    void bitFlipsAndByteChangesOfValidFrames() {
        Random rnd = new Random(0x1057_0002L);
        for (int i = 0; i < CASES_PER_KIND * 2; i++) {
            byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int pos = rnd.nextInt(b.length);
                if (rnd.nextBoolean()) {
                    b[pos] ^= (byte) (1 << rnd.nextInt(8));
                } else {
                    b[pos] = (byte) rnd.nextInt(256);
                }
            }
            decodeAll(b, "mutation case " + i);
        }
    }

    @Test
    void truncatedAndExtendedValidFrames() {
        Random rnd = new Random(0x1057_0003L);
        for (int i = 0; i < CASES_PER_KIND; i++) {
            byte[] b = seeds.get(rnd.nextInt(seeds.size()));
            int len = rnd.nextInt(b.length + 16);
            byte[] c = Arrays.copyOf(b, len);
            for (int k = b.length; k < len; k++) {
                c[k] = (byte) rnd.nextInt(256);
            }
            decodeAll(c, "truncation case " + i);
        }
    }

    @Test
    void oversizedAndWrongLengthsOverValidFrames() {
        Random rnd = new Random(0x1057_0004L);
        for (int i = 0; i < CASES_PER_KIND; i++) {
            byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
            long length = switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextInt(1 << 16) + 65537L;
                case 1 -> 0xFFFF_FFFFL - rnd.nextInt(1000);
                case 2 -> rnd.nextInt(b.length + 4);
                default -> rnd.nextLong() & 0xFFFF_FFFFL;
            };
            b[2] = (byte) (length >>> 24);
            b[3] = (byte) (length >>> 16);
            b[4] = (byte) (length >>> 8);
            b[5] = (byte) length;
            decodeAll(b, "length case " + i);
        }
    }

    @Test
    void mutatedHellos() throws WireException {
        Random rnd = new Random(0x1057_0005L);
        byte[] hello = FrameWriter.encodeHello(SampleFrames.hello());
        for (int i = 0; i < CASES_PER_KIND; i++) {
            byte[] b = Arrays.copyOf(hello, rnd.nextInt(hello.length + 4));
            for (int k = 0; k < 1 + rnd.nextInt(3) && b.length > 0; k++) {
                b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            decodeHello(b, "hello case " + i);
        }
    }
}
