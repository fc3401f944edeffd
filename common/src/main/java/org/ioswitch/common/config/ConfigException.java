package org.ioswitch.common.config;

/** A configuration file or value is wrong; the message names the file, the key and what was expected. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming file, key and expectation. */
    public ConfigException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming file, key and expectation, and its cause. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
