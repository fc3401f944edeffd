package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * The server tells a new device that it waits for an administrator's approval.
 * <pre>
 *   header:  type=0x07 | flags=0 | length
 *   payload: pairingCode str
 * </pre>
 *
 * @param pairingCode the code derived from the TLS session, which the admin compares and types to approve
 */
public record PairingPending(String pairingCode) implements Frame {
    /** Checks the field. */
    public PairingPending {
        Objects.requireNonNull(pairingCode, "pairingCode");
    }

    @Override
    public FrameType type() {
        return FrameType.PAIRING_PENDING;
    }
}
