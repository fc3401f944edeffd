package org.ioswitch.device.connect;

import java.util.Objects;

/**
 * Where a home server listens: {@code HOST:PORT}, or {@code [IPv6]:PORT}.
 *
 * @param host name or IP literal (without brackets)
 * @param port TCP port, 1..65535
 */
public record ServerAddress(String host, int port) {
    /** The home server's default TLS port. */
    public static final int DEFAULT_PORT = 6369;

    /** Checks the fields. */
    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("server host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server port must be 1..65535, was " + port);
        }
    }

    /**
     * Parses {@code HOST:PORT}, {@code [::1]:PORT} or {@code HOST} (port {@value #DEFAULT_PORT}).
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static ServerAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("server \"" + text + "\": expected [IPv6]:PORT, missing ']'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("server \"" + text + "\": expected ':' after ']'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw new IllegalArgumentException("server \"" + text + "\": write an IPv6 address as [ADDR]:PORT");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("server \"" + text + "\": expected HOST:PORT, host is empty");
        }
        if (port == null) {
            return new ServerAddress(host, DEFAULT_PORT);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return new ServerAddress(host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server \"" + text + "\": expected a port 1..65535, got \"" + port + "\"");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
