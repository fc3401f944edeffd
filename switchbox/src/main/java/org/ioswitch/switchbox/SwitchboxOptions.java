package org.ioswitch.switchbox;

import static org.ioswitch.common.config.SettingChecks.positive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.switchbox.route.NetworkOwners;
import org.ioswitch.common.metrics.MetricsOptions;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelOptions;

/**
 * Settings of a switchbox process. Every limit has a default that suits a small cloud VM.
 *
 * @param bind address to listen on, e.g. {@code 0.0.0.0}
 * @param port TLS port, {@value #DEFAULT_PORT} by default, 0 for any free port (tests)
 * @param tls the listener's TLS settings (switchbox certificate; the cloud org root to verify client certificates)
 * @param accountsFile the publisher accounts, {@code accounts.json}
 * @param helloTimeout a connection must finish TLS and send its hello (and a publisher its AUTH and PUBLISH) within
 *        this; stops slowloris clients
 * @param idleTimeout a relayed stream with no bytes in either direction for this long is closed
 * @param maxPendingOpens most streams on one tunnel that the home server has not yet accepted
 * @param tunnel the switchbox end of every tunnel: largest frame accepted from a home server, most relayed streams
 *        at once ({@code maxStreams}, the config's {@code maxStreamsPerTunnel}), stream windows, per-tunnel memory
 *        cap, keepalive (a tunnel silent for {@code keepaliveTimeout} is dead: closed and its networks released)
 * @param loginThrottle how repeated publisher login failures are slowed down (the home server's default)
 * @param metrics the {@code /metrics} listener (off by default)
 * @param caps connections held at most, in all and unauthenticated per address
 * @param ownerGrace how long a network stays bound to its last publisher's identity after its tunnel ended
 */
public record SwitchboxOptions(String bind, int port, TlsOptions tls, Path accountsFile, Duration helloTimeout,
        Duration idleTimeout, int maxPendingOpens, TunnelOptions tunnel, LoginThrottle.Policy loginThrottle,
        MetricsOptions metrics, ConnectionCaps.Limits caps, Duration ownerGrace) {

    /** The switchbox's default TLS port. */
    public static final int DEFAULT_PORT = 6372;
    /** Default hello timeout. */
    public static final Duration DEFAULT_HELLO_TIMEOUT = Duration.ofSeconds(10);
    /** Default idle timeout of a relayed stream. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Default most pending opens per tunnel. */
    public static final int DEFAULT_MAX_PENDING_OPENS = 64;

    /** Checks every field and names the one that is wrong. */
    public SwitchboxOptions {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(tls, "tls");
        if (!tls.hasKeyMaterial()) {
            throw new IllegalArgumentException("tls: the switchbox needs its certificate and key (keychain or"
                    + " certificate + privateKey)");
        }
        Objects.requireNonNull(accountsFile, "accountsFile");
        positive("helloTimeout", helloTimeout);
        positive("idleTimeout", idleTimeout);
        if (maxPendingOpens < 1) {
            throw new IllegalArgumentException("maxPendingOpens must be > 0, was " + maxPendingOpens);
        }
        Objects.requireNonNull(tunnel, "tunnel");
        Objects.requireNonNull(loginThrottle, "loginThrottle");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(caps, "caps");
        if (ownerGrace == null || ownerGrace.isNegative()) {
            throw new IllegalArgumentException("ownerGrace must be >= 0, was " + ownerGrace);
        }
    }

    /** A builder with the defaults; {@code tls} and {@code accountsFile} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().bind(bind).port(port).tls(tls).accountsFile(accountsFile).helloTimeout(helloTimeout)
                .idleTimeout(idleTimeout).maxPendingOpens(maxPendingOpens).tunnel(tunnel)
                .loginThrottle(loginThrottle).metrics(metrics).caps(caps).ownerGrace(ownerGrace);
    }

    /** Builds {@link SwitchboxOptions}. */
    public static final class Builder {
        private String bind = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private TlsOptions tls;
        private Path accountsFile;
        private Duration helloTimeout = DEFAULT_HELLO_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxPendingOpens = DEFAULT_MAX_PENDING_OPENS;
        private TunnelOptions tunnel = TunnelOptions.DEFAULT;
        private LoginThrottle.Policy loginThrottle = LoginThrottle.Policy.DEFAULT;
        private MetricsOptions metrics = MetricsOptions.DISABLED;
        private ConnectionCaps.Limits caps = ConnectionCaps.Limits.DEFAULT;
        private Duration ownerGrace = NetworkOwners.DEFAULT_GRACE;

        private Builder() {}

        /** Listen address. */
        public Builder bind(String v) {
            bind = v;
            return this;
        }

        /** TLS port. */
        public Builder port(int v) {
            port = v;
            return this;
        }

        /** Listener TLS settings. */
        public Builder tls(TlsOptions v) {
            tls = v;
            return this;
        }

        /** Accounts file. */
        public Builder accountsFile(Path v) {
            accountsFile = v;
            return this;
        }

        /** Hello timeout. */
        public Builder helloTimeout(Duration v) {
            helloTimeout = v;
            return this;
        }

        /** Idle timeout of relayed streams. */
        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        /** Most pending opens per tunnel. */
        public Builder maxPendingOpens(int v) {
            maxPendingOpens = v;
            return this;
        }

        /** The switchbox end of every tunnel (frame size, streams, windows, memory cap, keepalive). */
        public Builder tunnel(TunnelOptions v) {
            tunnel = v;
            return this;
        }

        /** Publisher login throttle policy. */
        public Builder loginThrottle(LoginThrottle.Policy v) {
            loginThrottle = v;
            return this;
        }

        /** Connection caps. */
        public Builder caps(ConnectionCaps.Limits v) {
            caps = v;
            return this;
        }

        /** How long a network stays bound to its last publisher's identity after its tunnel ended. */
        public Builder ownerGrace(Duration v) {
            ownerGrace = v;
            return this;
        }

        /** The {@code /metrics} listener. */
        public Builder metrics(MetricsOptions v) {
            metrics = v;
            return this;
        }

        /** The options; throws IllegalArgumentException naming a wrong field. */
        public SwitchboxOptions build() {
            return new SwitchboxOptions(bind, port, tls, accountsFile, helloTimeout, idleTimeout, maxPendingOpens,
                    tunnel, loginThrottle, metrics, caps, ownerGrace);
        }
    }
}
