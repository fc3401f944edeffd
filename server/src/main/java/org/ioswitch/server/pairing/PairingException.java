package org.ioswitch.server.pairing;

import org.ioswitch.common.wire.CloseCode;

/** A pairing step was refused: the close code for the device and a text that names the reason. */
public final class PairingException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient CloseCode code;

    /** A refusal with the close code a connected device gets. */
    public PairingException(CloseCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The close code for the device's connection. */
    public CloseCode code() {
        return code;
    }
}
