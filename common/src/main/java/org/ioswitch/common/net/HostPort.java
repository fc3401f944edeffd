package org.ioswitch.common.net;

import java.util.Objects;

/**
 * A host and a port as users write them: {@code host}, {@code host:port}, {@code [v6addr]:port} or {@code [v6addr]}.
 * One parser for every address a config file or command line names (home servers, the switchbox).
 *
 * @param host name or address, without brackets
 * @param port 1..65535
 */
public record HostPort(String host, int port) {
    /** Checks both fields and names the one that is wrong. */
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /**
     * Parses {@code text}; a missing port means {@code defaultPort}.
     *
     * @throws IllegalArgumentException quoting the text and saying what was expected
     */
    public static HostPort parse(String text, int defaultPort) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("\"" + text + "\": expected [IPv6]:PORT, missing ']'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("\"" + text + "\": expected ':' after ']'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw new IllegalArgumentException("\"" + text + "\": write an IPv6 address as [ADDR]:PORT");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("\"" + text + "\": expected HOST:PORT, host is empty");
        }
        if (port == null) {
            return new HostPort(host, defaultPort);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\": expected a port 1..65535, got \"" + port + "\"");
        }
    }

    /** {@code host:port}, with an IPv6 address in brackets, so {@link #parse} reads it back. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
