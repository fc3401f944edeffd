package org.ioswitch.common.wire;

/**
 * One protocol frame. Every frame after the hello preamble travels as
 * <pre>
 *   type u8 | flags u8 | length u32 (payload bytes, big-endian) | payload
 * </pre>
 * Each record's javadoc draws its payload; {@code docs/protocol.md} says the same.
 */
public sealed interface Frame
        permits Hello, HelloAck, TrustRequest, TrustBundle, Auth, AuthOk, PairingPending, BlockAnnounce,
                BlockRemove, Subscribe, Unsubscribe, ListDevices, DeviceList, Data, Ack, Credit, Ping, Pong, Close {

    /** This frame's type. */
    FrameType type();

    /** The header flags byte; 0 for types that define no flags. */
    default int flags() {
        return 0;
    }

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
