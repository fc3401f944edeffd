package org.ioswitch.switchbox.config;

/** A configuration or accounts file cannot be used; the message names the file, the key and what was expected. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error naming file, key and the problem. */
    public ConfigException(String message) {
        super(message);
    }

    /** An error naming file, key and the problem, with its cause. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
