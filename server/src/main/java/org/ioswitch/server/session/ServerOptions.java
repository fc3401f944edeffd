package org.ioswitch.server.session;

import static org.ioswitch.common.config.SettingChecks.positive;

import org.ioswitch.server.uplink.UplinkOptions;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.console.ConsoleOptions;
import org.ioswitch.server.pairing.PairingOptions;

/**
 * How a {@link HomeServer} runs.
 *
 * @param dir the server directory ({@code accounts.json} lives there)
 * @param listen the TLS listener's address; port 0 picks a free port
 * @param tls the TLS settings of the listener (key material, trust for client certificates, levels)
 * @param plainListen the plain TCP listener's address, or null for none (the default: passwords belong inside TLS)
 * @param handshakeTimeout longest TLS handshake
 * @param helloTimeout a peer that sends no HELLO this long after the handshake is dropped
 * @param authTimeout a peer that does not authenticate this long after the HELLO is dropped
 * @param link keepalive, dead-peer timeout, credit window and wire limits of each connection
 * @param throttle how repeated login failures are slowed down
 * @param pairing the pairing window's limits, pending TTL and auto-approve
 * @param caps connections held at most, in all and unauthenticated per address
 * @param console the web console's listener and sessions ({@link ConsoleOptions#DISABLED} unless asked for)
 */
public record ServerOptions(Path dir, InetSocketAddress listen, TlsOptions tls, InetSocketAddress plainListen,
                            Duration handshakeTimeout, Duration helloTimeout, Duration authTimeout, LinkOptions link,
                            LoginThrottle.Policy throttle, UplinkOptions uplink, boolean allowClearRelay,
                            PairingOptions pairing, ConsoleOptions console, ConnectionCaps.Limits caps) {
    /** TLS port of a home server. */
    public static final int DEFAULT_PORT = 6369;
    /** Plain TCP port, used only when enabled. */
    public static final int DEFAULT_PLAIN_PORT = 6368;
    /** Default TLS handshake, hello and auth deadlines. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);

    /** Checks each field and names the one that is wrong. */
    public ServerOptions {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        positive("handshakeTimeout", handshakeTimeout);
        positive("helloTimeout", helloTimeout);
        positive("authTimeout", authTimeout);
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(pairing, "pairing");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(caps, "caps");
    }

    /** A builder with the defaults: 127.0.0.1:6369, no plain listener, 10 s steps, default link and throttle. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder for the same options with changes. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dir = dir;
        b.listen = listen;
        b.tls = tls;
        b.plainListen = plainListen;
        b.handshakeTimeout = handshakeTimeout;
        b.helloTimeout = helloTimeout;
        b.authTimeout = authTimeout;
        b.link = link;
        b.throttle = throttle;
        b.uplink = uplink;
        b.allowClearRelay = allowClearRelay;
        b.pairing = pairing;
        b.console = console;
        b.caps = caps;
        return b;
    }

    /** Builds {@link ServerOptions}. */
    public static final class Builder {
        private Path dir;
        private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", DEFAULT_PORT);
        private TlsOptions tls;
        private InetSocketAddress plainListen;
        private Duration handshakeTimeout = DEFAULT_STEP_TIMEOUT;
        private Duration helloTimeout = DEFAULT_STEP_TIMEOUT;
        private Duration authTimeout = DEFAULT_STEP_TIMEOUT;
        private LinkOptions link = LinkOptions.defaults();
        private LoginThrottle.Policy throttle = LoginThrottle.Policy.DEFAULT;
        private UplinkOptions uplink;
        private boolean allowClearRelay;
        private PairingOptions pairing = PairingOptions.defaults();
        /** Off unless asked for: tests and embedders bind only what they choose (config.json turns it on). */
        private ConsoleOptions console = ConsoleOptions.DISABLED;
        private ConnectionCaps.Limits caps = ConnectionCaps.Limits.DEFAULT;

        private Builder() {
        }

        /** Sets the server directory. */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Sets the TLS listener address. */
        public Builder listen(InetSocketAddress listen) {
            this.listen = listen;
            return this;
        }

        /** Sets the TLS listener address. */
        public Builder listen(String host, int port) {
            return listen(new InetSocketAddress(host, port));
        }

        /** Sets the TLS settings. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** Enables the plain TCP listener on this address; null disables it. */
        public Builder plainListen(InetSocketAddress plainListen) {
            this.plainListen = plainListen;
            return this;
        }

        /** Sets the TLS handshake deadline. */
        public Builder handshakeTimeout(Duration d) {
            this.handshakeTimeout = d;
            return this;
        }

        /** Sets the hello deadline. */
        public Builder helloTimeout(Duration d) {
            this.helloTimeout = d;
            return this;
        }

        /** Sets the authentication deadline. */
        public Builder authTimeout(Duration d) {
            this.authTimeout = d;
            return this;
        }

        /** Sets the link options (keepalive, dead peer, credit, limits). */
        public Builder link(LinkOptions link) {
            this.link = link;
            return this;
        }

        /** Sets the login throttle policy. */
        public Builder throttle(LoginThrottle.Policy throttle) {
            this.throttle = throttle;
            return this;
        }

        /** Publishes this server's networks through a switchbox; null (the default) keeps it off. */
        public Builder uplink(UplinkOptions uplink) {
            this.uplink = uplink;
            return this;
        }

        /**
         * Accepts relayed clients that chose RELAY_CLEAR (no inner TLS, so the switchbox sees their traffic). Off by
         * default: relayed clients must run end-to-end TLS with this server.
         */
        public Builder allowClearRelay(boolean allow) {
            this.allowClearRelay = allow;
            return this;
        }

        /** Sets the pairing options. */
        public Builder pairing(PairingOptions pairing) {
            this.pairing = pairing;
            return this;
        }

        /** Sets the connection caps. */
        public Builder caps(ConnectionCaps.Limits caps) {
            this.caps = caps;
            return this;
        }

        /** Sets the web console's options. */
        public Builder console(ConsoleOptions console) {
            this.console = console;
            return this;
        }

        /** Builds the options. */
        public ServerOptions build() {
            return new ServerOptions(dir, listen, tls, plainListen, handshakeTimeout, helloTimeout, authTimeout, link,
                    throttle, uplink, allowClearRelay, pairing, console, caps);
        }
    }
}
