package org.ioswitch.server.console;

import static org.ioswitch.common.config.SettingChecks.positive;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.ioswitch.common.metrics.MetricsOptions;

/**
 * How the home server's web console runs: its HTTPS listener, its login sessions' lifetimes and the bearer token of
 * {@code /metrics}. Written in {@code config.json} as the {@code console} section.
 *
 * @param enabled whether the console listens at all
 * @param listen its address; port 0 picks a free port
 * @param idleTimeout a login session unused this long ends
 * @param sessionLifetime a login session ends this long after the login, used or not
 * @param metricsToken the bearer token {@code /metrics} asks for when the listener is not on loopback; null for none
 *     (then {@code /metrics} is refused off loopback)
 * @param network the network a login names when it names none (the server directory's {@code network})
 */
public record ConsoleOptions(boolean enabled, InetSocketAddress listen, Duration idleTimeout, Duration sessionLifetime,
                             String metricsToken, String network) {
    /** The console's port unless configured. */
    public static final int DEFAULT_PORT = 6380;
    /** Default idle timeout of a login session. */
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
    /** Default absolute lifetime of a login session. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);
    /** No console: what code that builds server options by hand (tests, embedders) gets unless it asks. */
    public static final ConsoleOptions DISABLED = new ConsoleOptions(false,
            new InetSocketAddress("127.0.0.1", DEFAULT_PORT), DEFAULT_IDLE, DEFAULT_LIFETIME, null, null);

    /** Checks each field and names the one that is wrong. */
    public ConsoleOptions {
        Objects.requireNonNull(listen, "listen");
        positive("idleTimeout", idleTimeout);
        positive("sessionLifetime", sessionLifetime);
        MetricsOptions.checkToken(metricsToken);
    }

    /** An enabled console on {@code listen} with the default timeouts and no metrics token. */
    public static ConsoleOptions on(InetSocketAddress listen, String network) {
        return new ConsoleOptions(true, listen, DEFAULT_IDLE, DEFAULT_LIFETIME, null, network);
    }

    /** The same options with other session timeouts. */
    public ConsoleOptions withTimeouts(Duration idle, Duration lifetime) {
        return new ConsoleOptions(enabled, listen, idle, lifetime, metricsToken, network);
    }

    /** The same options with a metrics bearer token. */
    public ConsoleOptions withMetricsToken(String token) {
        return new ConsoleOptions(enabled, listen, idleTimeout, sessionLifetime, token, network);
    }
}
