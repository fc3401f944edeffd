package org.ioswitch.common.block;

import java.util.Objects;

/**
 * A typed view into a memory block: one state byte at {@code addr}, then the value (little-endian).
 *
 * @param name signal name, unique in its block
 * @param type value type
 * @param addr offset of the state byte in the block
 * @param n element count (1 for a scalar); for {@code str} the byte capacity
 * @param min smallest value a writer from above may set (the device refuses a write below it), or null
 * @param max largest value a writer from above may set, or null
 * @param reset the output starts from its default (zero) at every device start instead of its last applied value
 */
public record Signal(String name, SignalType type, int addr, int n, Double min, Double max, boolean reset) {
    /** A signal without min, max or reset. */
    public Signal(String name, SignalType type, int addr, int n) {
        this(name, type, addr, n, null, null, false);
    }

    /** Checks the fields. */
    public Signal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (addr < 0) {
            throw new IllegalArgumentException("signal " + name + ": addr must be >= 0, was " + addr);
        }
        if (n < 1) {
            throw new IllegalArgumentException("signal " + name + ": n must be >= 1, was " + n);
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("signal " + name + ": min " + min + " is above max " + max);
        }
    }

    /** Bytes the signal takes, state byte included. */
    public int totalSize() {
        return type.totalSize(n);
    }

    /** First byte after the signal. */
    public int end() {
        return addr + totalSize();
    }

    /** True for arrays (and for strings, whose n is a capacity). */
    public boolean isArray() {
        return n > 1;
    }
}
