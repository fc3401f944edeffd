package org.ioswitch.device.operator;

import java.time.Duration;
import java.util.Objects;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.connect.Switchbox;

/**
 * How an operator client connects.
 *
 * @param server the home server to connect to directly, or null to go only through {@code switchbox}
 * @param network the IO network, e.g. {@code pekkahome}, or {@link #SERVED_NETWORK} for the one the server serves
 * @param user account name
 * @param password the account's password, or null to authenticate with the TLS client certificate
 * @param tls TLS settings (a client certificate in them when {@code password} is null)
 * @param timeout deadline for connecting and for each request's answer
 * @param link keepalive, credit and limits
 * @param switchbox the switchbox to go through (tried after {@code server}, if that is given too), or null
 * @param reconnect whether the client reconnects after the link drops and subscribes again to what it had
 * @param backoffInitial the first reconnect delay (jittered, doubling)
 * @param backoffMax the longest reconnect delay
 */
public record OperatorOptions(ServerAddress server, String network, String user, String password, TlsOptions tls,
                              Duration timeout, LinkOptions link, Switchbox switchbox, boolean reconnect,
                              Duration backoffInitial, Duration backoffMax) {
    /** The network to name when the user gave none: a home server that serves one network takes it as that one. */
    public static final String SERVED_NETWORK = "";
    /** Default deadline for connecting and for each answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Default first reconnect delay. */
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(500);
    /** Default longest reconnect delay. */
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);

    /** Checks the fields and names the one missing. */
    public OperatorOptions {
        if (server == null && switchbox == null) {
            throw new IllegalArgumentException("give a server HOST:PORT or a switchbox");
        }
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(link, "link");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user must not be empty");
        }
        if (password == null && !tls.hasKeyMaterial()) {
            throw new IllegalArgumentException("user " + user + ": give a password or a client certificate");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        Objects.requireNonNull(backoffInitial, "backoffInitial");
        Objects.requireNonNull(backoffMax, "backoffMax");
        if (backoffInitial.isNegative() || backoffInitial.isZero() || backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("reconnect backoff must be 0 < initial <= max, was " + backoffInitial
                    + " to " + backoffMax);
        }
    }

    /** A builder with a 10 s timeout and default link options. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "OperatorOptions[server=" + server + ", switchbox=" + switchbox + ", network=" + network + ", user=" + user + ", password="
                + (password == null ? "none" : "(set)") + ", timeout=" + timeout + ", reconnect=" + reconnect + "]";
    }

    /** Builds {@link OperatorOptions}. */
    public static final class Builder {
        private ServerAddress server;
        private String network;
        private String user;
        private String password;
        private TlsOptions tls;
        private Duration timeout = DEFAULT_TIMEOUT;
        private LinkOptions link = LinkOptions.defaults();
        private Switchbox switchbox;
        private boolean reconnect;
        private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
        private Duration backoffMax = DEFAULT_BACKOFF_MAX;

        private Builder() {
        }

        /** The server, HOST:PORT. */
        public Builder server(String hostPort) {
            this.server = ServerAddress.parse(hostPort);
            return this;
        }

        /** The server. */
        public Builder server(ServerAddress server) {
            this.server = server;
            return this;
        }

        /** The network. */
        public Builder network(String network) {
            this.network = network;
            return this;
        }

        /** The account name. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password, or null for certificate authentication. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** TLS settings. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** Deadline for connecting and for each answer. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Goes through the switchbox at {@code hostPort} (default port 6372), end to end; {@code outerTls} verifies
         * the switchbox (the cloud organization's root), {@link #tls} still verifies the home server.
         */
        public Builder viaSwitchbox(String hostPort, TlsOptions outerTls) {
            return viaSwitchbox(Switchbox.of(hostPort, outerTls));
        }

        /** Goes through this switchbox (end to end, or RELAY_CLEAR as it says); null for none. */
        public Builder viaSwitchbox(Switchbox switchbox) {
            this.switchbox = switchbox;
            return this;
        }

        /**
         * Reconnect after the link drops (server or switchbox restart, network), with jittered backoff, and subscribe
         * again to everything subscribed; off by default (the client then ends with its connection).
         */
        public Builder reconnect(boolean reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /** Reconnect delays: the first (jittered, doubling) and the longest; default 0.5 s to 10 s. */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /** Link options. */
        public Builder link(LinkOptions link) {
            this.link = link;
            return this;
        }

        /** The options. */
        public OperatorOptions build() {
            return new OperatorOptions(server, network, user, password, tls, timeout, link, switchbox, reconnect,
                    backoffInitial, backoffMax);
        }
    }
}
