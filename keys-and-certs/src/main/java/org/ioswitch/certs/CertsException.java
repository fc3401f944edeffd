package org.ioswitch.certs;

/** A certificate operation failed; the message names the file or item and the problem. */
public class CertsException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names what went wrong. */
    public CertsException(String message) {
        super(message);
    }

    /** Creates an exception with a message and its cause. */
    public CertsException(String message, Throwable cause) {
        super(message, cause);
    }
}
