package org.ioswitch.common.metrics;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A {@link MetricsListener} of its own (the switchbox's; the home server serves {@code /metrics} on its console).
 *
 * @param enabled whether it listens (off by default)
 * @param listen its address; port 0 picks a free port
 * @param token the bearer token asked for when {@code listen} is not loopback; null for none (then refused there)
 */
public record MetricsOptions(boolean enabled, InetSocketAddress listen, String token) {
    /** The switchbox's metrics port unless configured. */
    public static final int DEFAULT_SWITCHBOX_PORT = 6373;
    /** Off. */
    public static final MetricsOptions DISABLED =
            new MetricsOptions(false, new InetSocketAddress("127.0.0.1", DEFAULT_SWITCHBOX_PORT), null);

    /** Checks each field and names the one that is wrong. */
    public MetricsOptions {
        Objects.requireNonNull(listen, "listen");
        checkToken(token);
    }

    /** A token, if any, must be long enough not to be guessed: at least 16 characters. */
    public static void checkToken(String token) {
        if (token != null && token.length() < 16) {
            throw new IllegalArgumentException("metricsToken must have at least 16 characters, has " + token.length());
        }
    }
}
