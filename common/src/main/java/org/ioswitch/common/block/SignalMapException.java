package org.ioswitch.common.block;

import java.io.IOException;

/** A signal map file that cannot be used; the message names the file, block, signal and what was expected. */
public class SignalMapException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with its message. */
    public SignalMapException(String message) {
        super(message);
    }

    /** An error with its message and cause. */
    public SignalMapException(String message, Throwable cause) {
        super(message, cause);
    }
}
