package org.ioswitch.device.connect;

import java.util.Objects;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.tls.TlsOptions;

/**
 * How to reach a home server through a cloud switchbox (DESIGN §4 "Relay security").
 *
 * @param address the switchbox, {@code HOST:PORT} (default port {@value #DEFAULT_PORT})
 * @param tls TLS settings for the hop to the switchbox: the cloud organization's root in {@code trusted}
 * @param relayClear true to skip the end-to-end TLS session with the home server (HELLO flag RELAY_CLEAR): the
 *     switchbox operator can then read the session, and the home server must allow it
 */
public record Switchbox(ServerAddress address, TlsOptions tls, boolean relayClear) {
    /** The switchbox's default TLS port. */
    public static final int DEFAULT_PORT = 6372;

    /** Checks the fields. */
    public Switchbox {
        Objects.requireNonNull(address, "switchbox address");
        Objects.requireNonNull(tls, "switchbox tls");
    }

    /**
     * A switchbox at {@code HOST:PORT} (or {@code HOST}, port {@value #DEFAULT_PORT}), end to end.
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static Switchbox of(String hostPort, TlsOptions tls) {
        return new Switchbox(parseAddress(hostPort), tls, false);
    }

    /** Parses {@code HOST:PORT}, {@code [::1]:PORT} or {@code HOST} (port {@value #DEFAULT_PORT}). */
    public static ServerAddress parseAddress(String hostPort) {
        Objects.requireNonNull(hostPort, "switchbox address");
        try {
            HostPort parsed = HostPort.parse(hostPort, DEFAULT_PORT);
            return new ServerAddress(parsed.host(), parsed.port());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchbox " + e.getMessage(), e);
        }
    }

    /** The same switchbox with RELAY_CLEAR on or off. */
    public Switchbox withRelayClear(boolean clear) {
        return new Switchbox(address, tls, clear);
    }

    @Override
    public String toString() {
        return "switchbox " + address + (relayClear ? " (RELAY_CLEAR)" : "");
    }
}
