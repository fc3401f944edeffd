package org.ioswitch.device.state;

/** A device state file is missing, unreadable or malformed; the message names the file and, where known, the key. */
public class StateException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A fault naming the file and what is wrong. */
    public StateException(String message) {
        super(message);
    }

    /** A fault naming the file and what is wrong, with its cause. */
    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
