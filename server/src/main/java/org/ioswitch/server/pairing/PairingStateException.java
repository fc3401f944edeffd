package org.ioswitch.server.pairing;

/** {@code pairing.json} cannot be read or written; the message names the file and the entry. */
public final class PairingStateException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error naming the file and what is wrong. */
    public PairingStateException(String message) {
        super(message);
    }

    /** An error with its cause. */
    public PairingStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
