package org.ioswitch.server.uplink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelOptions;

/**
 * Settings of a home server's uplink (the {@code uplink} section of the server config).
 *
 * @param host switchbox host name or address; checked against its certificate
 * @param port switchbox TLS port, 6372 by default
 * @param tls trusts the cloud organization's root; a client certificate from it (with {@code password} null)
 *        authenticates the account instead of a password
 * @param account the switchbox account name
 * @param password the account password, or null to authenticate with the client certificate
 * @param networks the networks to publish
 * @param connectTimeout TCP + TLS + hello + AUTH + PUBLISH must finish within this
 * @param reconnectMin first delay before reconnecting
 * @param reconnectMax largest delay between attempts (exponential with jitter in between)
 * @param tunnel this end's tunnel limits and keepalive
 * @param alternates further nodes of the same switchbox cluster (docs/cluster.md); the uplink starts at a random one
 *        of all addresses and stays with the one that works
 */
public record UplinkOptions(String host, int port, TlsOptions tls, String account, String password,
        List<String> networks, Duration connectTimeout, Duration reconnectMin, Duration reconnectMax,
        TunnelOptions tunnel, List<HostPort> alternates) {

    /** The switchbox's default port. */
    public static final int DEFAULT_PORT = 6372;

    /** Checks every field and names the one that is wrong. */
    public UplinkOptions {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(account, "account");
        if (account.isBlank()) {
            throw new IllegalArgumentException("account must not be blank");
        }
        if (password == null && !tls.hasKeyMaterial()) {
            throw new IllegalArgumentException("account " + account + ": give a password or a client certificate"
                    + " (tls keychain or certificate + privateKey)");
        }
        networks = List.copyOf(networks);
        if (networks.isEmpty()) {
            throw new IllegalArgumentException("networks must not be empty");
        }
        for (Duration d : List.of(connectTimeout, reconnectMin, reconnectMax)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("connectTimeout, reconnectMin, reconnectMax must be > 0, was " + d);
            }
        }
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax must be >= reconnectMin " + reconnectMin + ", was "
                    + reconnectMax);
        }
        Objects.requireNonNull(tunnel, "tunnel");
        alternates = List.copyOf(alternates);
    }

    /** Every switchbox address: {@code host:port} first, then the alternates. */
    public List<HostPort> switchboxes() {
        List<HostPort> all = new ArrayList<>();
        all.add(new HostPort(host, port));
        all.addAll(alternates);
        return List.copyOf(all);
    }

    /** A builder; host, tls, account and networks must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().host(host).port(port).tls(tls).account(account).password(password).networks(networks)
                .connectTimeout(connectTimeout).reconnectMin(reconnectMin).reconnectMax(reconnectMax).tunnel(tunnel)
                .alternates(alternates);
    }

    @Override
    public String toString() {
        return "UplinkOptions[" + host + ":" + port + (alternates.isEmpty() ? "" : " and " + alternates) + ", account=" + account + (password == null ? ", certificate"
                : ", password=(hidden)") + ", networks=" + networks + "]";
    }

    /** Builds {@link UplinkOptions}. */
    public static final class Builder {
        private String host;
        private int port = DEFAULT_PORT;
        private TlsOptions tls;
        private String account;
        private String password;
        private List<String> networks = List.of();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectMin = Duration.ofMillis(500);
        private Duration reconnectMax = Duration.ofSeconds(30);
        private TunnelOptions tunnel = TunnelOptions.DEFAULT;
        private List<HostPort> alternates = List.of();

        private Builder() {}

        /** Switchbox host. */
        public Builder host(String v) {
            host = v;
            return this;
        }

        /** Switchbox port. */
        public Builder port(int v) {
            port = v;
            return this;
        }

        /** TLS settings toward the switchbox. */
        public Builder tls(TlsOptions v) {
            tls = v;
            return this;
        }

        /** Account name. */
        public Builder account(String v) {
            account = v;
            return this;
        }

        /** Account password; null to use the client certificate. */
        public Builder password(String v) {
            password = v;
            return this;
        }

        /** Networks to publish. */
        public Builder networks(List<String> v) {
            networks = v;
            return this;
        }

        /** Networks to publish. */
        public Builder networks(String... v) {
            return networks(List.of(v));
        }

        /** Deadline of one connection attempt. */
        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        /** First reconnect delay. */
        public Builder reconnectMin(Duration v) {
            reconnectMin = v;
            return this;
        }

        /** Largest reconnect delay. */
        public Builder reconnectMax(Duration v) {
            reconnectMax = v;
            return this;
        }

        /** Tunnel limits and keepalive. */
        public Builder tunnel(TunnelOptions v) {
            tunnel = v;
            return this;
        }

        /** Further nodes of the same switchbox cluster. */
        public Builder alternates(List<HostPort> v) {
            alternates = v;
            return this;
        }

        /** The options; throws IllegalArgumentException naming a wrong field. */
        public UplinkOptions build() {
            return new UplinkOptions(host, port, tls, account, password, networks, connectTimeout, reconnectMin,
                    reconnectMax, tunnel, alternates);
        }
    }
}
