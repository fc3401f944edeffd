package org.ioswitch.server.config;

/** A server directory or its {@code config.json} is not usable; the message names the file and key. */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error naming the file and key. */
    public ConfigException(String message) {
        super(message);
    }

    /** An error naming the file and key, with its cause. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
