package org.ioswitch.server.admin;

/** An admin request failed or found no server; the message says which directory and why. */
public final class AdminException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error naming what failed. */
    public AdminException(String message) {
        super(message);
    }

    /** An error with its cause. */
    public AdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
