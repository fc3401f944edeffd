package org.ioswitch.common.block;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Comparisons of two images eight bytes at a time: replication compares whole blocks on every snapshot, and a byte
 * loop over a block rewritten wholesale took most of a link writer's time.
 *
 * <p>A zero byte of {@code a ^ b} marks an equal byte. For a word {@code x},
 * {@code ~(((x & 0x7F..7F) + 0x7F..7F) | x | 0x7F..7F)} has the high bit of exactly its zero bytes set.
 */
final class ByteCompare {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private ByteCompare() {
    }

    /** High bit set in each byte of {@code x} that is zero, all other bits clear. */
    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /** How many positions in {@code [from, to)} hold the same byte in {@code a} and {@code b}. */
    static int countEqual(byte[] a, byte[] b, int from, int to) {
        int count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(a, i) ^ (long) LONGS.get(b, i);
            count += Long.bitCount(zeroBytes(x));
        }
        for (; i < to; i++) {
            if (a[i] == b[i]) {
                count++;
            }
        }
        return count;
    }

    /** The first position at or after {@code from} where {@code a} and {@code b} hold the same byte, else {@code to}. */
    static int firstEqual(byte[] a, byte[] b, int from, int to) {
        int i = from;
        // 32 bytes per branch: on a block rewritten wholesale this loop runs over all of it (0.75x the time of 8)
        for (; i + 32 <= to; i += 32) {
            long any = zeroBytes((long) LONGS.get(a, i) ^ (long) LONGS.get(b, i))
                    | zeroBytes((long) LONGS.get(a, i + 8) ^ (long) LONGS.get(b, i + 8))
                    | zeroBytes((long) LONGS.get(a, i + 16) ^ (long) LONGS.get(b, i + 16))
                    | zeroBytes((long) LONGS.get(a, i + 24) ^ (long) LONGS.get(b, i + 24));
            if (any != 0) {
                break;
            }
        }
        for (; i + 8 <= to; i += 8) {
            long zeros = zeroBytes((long) LONGS.get(a, i) ^ (long) LONGS.get(b, i));
            if (zeros != 0) {
                // Little-endian view: the lowest marked byte is the first equal position.
                return i + Long.numberOfTrailingZeros(zeros) / 8;
            }
        }
        for (; i < to; i++) {
            if (a[i] == b[i]) {
                return i;
            }
        }
        return to;
    }
}
