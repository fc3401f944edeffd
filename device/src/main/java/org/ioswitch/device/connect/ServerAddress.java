package org.ioswitch.device.connect;

import java.util.Objects;
import org.ioswitch.common.net.HostPort;

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
        try {
            HostPort parsed = HostPort.parse(text, DEFAULT_PORT);
            return new ServerAddress(parsed.host(), parsed.port());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("server " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return new HostPort(host, port).toString();
    }
}
