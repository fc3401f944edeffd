package org.ioswitch.common.block;

/** A device id text that does not parse; the message names the text and what is wrong. */
public class DeviceIdException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error with its message. */
    public DeviceIdException(String message) {
        super(message);
    }
}
