package org.ioswitch.common.wire;

/** Field checks for the frame records' constructors; a failure is a bug in the caller, or, while decoding, a protocol error. */
final class Checks {
    private Checks() {}

    /** Checks that {@code flags} uses only bits in {@code allowed}; for record constructors. */
    static int checkFlags(FrameType type, int flags, int allowed) {
        if ((flags & ~allowed) != 0) {
            throw new IllegalArgumentException(String.format("%s: flags 0x%x has bits outside 0x%02x", type, flags, allowed));
        }
        return flags;
    }

    /** Checks a u16 field; for record constructors. */
    static int checkU16(FrameType type, String field, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(type + ": " + field + " must be 0..65535, was " + value);
        }
        return value;
    }

    /** Checks a non-negative field; for record constructors. */
    static int checkNonNegative(FrameType type, String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(type + ": " + field + " must be >= 0, was " + value);
        }
        return value;
    }
}
