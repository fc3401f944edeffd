package org.ioswitch.server.pairing;

import org.ioswitch.common.wire.CloseCode;

/** What became of a pending device a connection waits for. */
public sealed interface Decision {
    /** Approved: the device is paired under {@code device.id()}. */
    record Approved(KnownDevice device) implements Decision {
    }

    /** Rejected, expired, dropped or replaced: the connection closes with this code and text. */
    record Refused(CloseCode code, String text) implements Decision {
    }
}
