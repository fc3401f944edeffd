package org.ioswitch.switchbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.switchbox.route.NetworkOwners;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.WireLimits;

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
 * @param maxStreamsPerTunnel most relayed streams one tunnel carries at once
 * @param maxPendingOpens most streams on one tunnel that the home server has not yet accepted
 * @param maxFrameSize largest tunnel frame payload accepted from a home server
 * @param keepaliveInterval PING interval on tunnels
 * @param keepaliveTimeout a tunnel silent this long is dead: closed and its networks released
 * @param initialWindow initial per-stream receive window
 * @param maxWindow largest per-stream receive window
 * @param tunnelMemoryCap sum of receive windows per tunnel
 * @param loginThrottle how repeated publisher login failures are slowed down (the home server's default)
 * @param caps connections held at most, in all and unauthenticated per address
 * @param ownerGrace how long a network stays bound to its last publisher's identity after its tunnel ended
 */
public record SwitchboxOptions(String bind, int port, TlsOptions tls, Path accountsFile, Duration helloTimeout,
        Duration idleTimeout, int maxStreamsPerTunnel, int maxPendingOpens, int maxFrameSize,
        Duration keepaliveInterval, Duration keepaliveTimeout, int initialWindow, int maxWindow, long tunnelMemoryCap,
        LoginThrottle.Policy loginThrottle, ConnectionCaps.Limits caps, Duration ownerGrace) {

    /** The switchbox's default TLS port. */
    public static final int DEFAULT_PORT = 6372;
    /** Default hello timeout. */
    public static final Duration DEFAULT_HELLO_TIMEOUT = Duration.ofSeconds(10);
    /** Default idle timeout of a relayed stream. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Default most streams per tunnel. */
    public static final int DEFAULT_MAX_STREAMS_PER_TUNNEL = 1024;
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
        if (maxStreamsPerTunnel < 1) {
            throw new IllegalArgumentException("maxStreamsPerTunnel must be > 0, was " + maxStreamsPerTunnel);
        }
        if (maxPendingOpens < 1) {
            throw new IllegalArgumentException("maxPendingOpens must be > 0, was " + maxPendingOpens);
        }
        Objects.requireNonNull(loginThrottle, "loginThrottle");
        Objects.requireNonNull(caps, "caps");
        if (ownerGrace == null || ownerGrace.isNegative()) {
            throw new IllegalArgumentException("ownerGrace must be >= 0, was " + ownerGrace);
        }
        // the tunnel settings check the rest and name the field
        new TunnelOptions(maxFrameSize, initialWindow, maxWindow, tunnelMemoryCap, maxStreamsPerTunnel,
                keepaliveInterval, keepaliveTimeout);
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + d);
        }
    }

    /** The tunnel settings these options imply. */
    public TunnelOptions tunnelOptions() {
        return new TunnelOptions(maxFrameSize, initialWindow, maxWindow, tunnelMemoryCap, maxStreamsPerTunnel,
                keepaliveInterval, keepaliveTimeout);
    }

    /** A builder with the defaults; {@code tls} and {@code accountsFile} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().bind(bind).port(port).tls(tls).accountsFile(accountsFile).helloTimeout(helloTimeout)
                .idleTimeout(idleTimeout).maxStreamsPerTunnel(maxStreamsPerTunnel).maxPendingOpens(maxPendingOpens)
                .maxFrameSize(maxFrameSize).keepaliveInterval(keepaliveInterval).keepaliveTimeout(keepaliveTimeout)
                .initialWindow(initialWindow).maxWindow(maxWindow).tunnelMemoryCap(tunnelMemoryCap)
                .loginThrottle(loginThrottle).caps(caps).ownerGrace(ownerGrace);
    }

    /** Builds {@link SwitchboxOptions}. */
    public static final class Builder {
        private String bind = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private TlsOptions tls;
        private Path accountsFile;
        private Duration helloTimeout = DEFAULT_HELLO_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxStreamsPerTunnel = DEFAULT_MAX_STREAMS_PER_TUNNEL;
        private int maxPendingOpens = DEFAULT_MAX_PENDING_OPENS;
        private int maxFrameSize = WireLimits.DEFAULT_FRAME_SIZE;
        private Duration keepaliveInterval = TunnelOptions.DEFAULT_KEEPALIVE_INTERVAL;
        private Duration keepaliveTimeout = TunnelOptions.DEFAULT_KEEPALIVE_TIMEOUT;
        private int initialWindow = TunnelOptions.DEFAULT_INITIAL_WINDOW;
        private int maxWindow = TunnelOptions.DEFAULT_MAX_WINDOW;
        private long tunnelMemoryCap = TunnelOptions.DEFAULT_MEMORY_CAP;
        private LoginThrottle.Policy loginThrottle = LoginThrottle.Policy.DEFAULT;
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

        /** Most streams per tunnel. */
        public Builder maxStreamsPerTunnel(int v) {
            maxStreamsPerTunnel = v;
            return this;
        }

        /** Most pending opens per tunnel. */
        public Builder maxPendingOpens(int v) {
            maxPendingOpens = v;
            return this;
        }

        /** Largest tunnel frame payload. */
        public Builder maxFrameSize(int v) {
            maxFrameSize = v;
            return this;
        }

        /** Tunnel PING interval. */
        public Builder keepaliveInterval(Duration v) {
            keepaliveInterval = v;
            return this;
        }

        /** Tunnel silence limit. */
        public Builder keepaliveTimeout(Duration v) {
            keepaliveTimeout = v;
            return this;
        }

        /** Initial stream window. */
        public Builder initialWindow(int v) {
            initialWindow = v;
            return this;
        }

        /** Largest stream window. */
        public Builder maxWindow(int v) {
            maxWindow = v;
            return this;
        }

        /** Per-tunnel window memory cap. */
        public Builder tunnelMemoryCap(long v) {
            tunnelMemoryCap = v;
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

        /** The options; throws IllegalArgumentException naming a wrong field. */
        public SwitchboxOptions build() {
            return new SwitchboxOptions(bind, port, tls, accountsFile, helloTimeout, idleTimeout, maxStreamsPerTunnel,
                    maxPendingOpens, maxFrameSize, keepaliveInterval, keepaliveTimeout, initialWindow, maxWindow,
                    tunnelMemoryCap, loginThrottle, caps, ownerGrace);
        }
    }
}
