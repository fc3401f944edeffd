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
                BlockRemove, Subscribe, Unsubscribe, ListDevices, DeviceList, Data, Ack, WriteResult, DeviceStatus, Credit, Ping, Pong,
                Close {

    /** This frame's type. */
    FrameType type();

    /** The header flags byte; 0 for types that define no flags. */
    default int flags() {
        return 0;
    }
}
