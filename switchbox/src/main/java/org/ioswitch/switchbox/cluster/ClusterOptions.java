package org.ioswitch.switchbox.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;

/**
 * Settings of one node of a switchbox cluster (the {@code cluster} section of the switchbox's config.json).
 *
 * @param nodeId this node's id, the CN of its node certificate, unique in the cluster, e.g. {@code sb1}
 * @param etcdEndpoints the etcd members, e.g. {@code https://10.0.0.1:2379}
 * @param etcdTls the etcd client's TLS settings (a §4 {@code tls} block), empty for plain http endpoints
 * @param peerBind address the peer port listens on
 * @param peerPort the peer port, {@value #DEFAULT_PEER_PORT} by default, 0 for any free port (tests)
 * @param peerAdvertise where other nodes dial this node's peer port; empty: {@code peerBind} and the bound port
 * @param peerTls the node certificate and the cloud organization's root; the peer port requires a verified client
 *        certificate with the switchbox node marker
 * @param leaseTtl the node lease's time to live: a dead node's networks are free this long after its last keepalive
 * @param etcdTimeout longest wait for one etcd request; then the registry counts as unavailable
 * @param prefix the etcd key prefix of this cluster, ending in {@code /}
 */
public record ClusterOptions(String nodeId, List<URI> etcdEndpoints, Optional<TlsOptions> etcdTls, String peerBind,
        int peerPort, Optional<HostPort> peerAdvertise, TlsOptions peerTls, Duration leaseTtl, Duration etcdTimeout,
        String prefix) {

    /** The default peer port, one above the client port. */
    public static final int DEFAULT_PEER_PORT = 6373;
    /** The default lease time to live. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(5);
    /** The default etcd request timeout. */
    public static final Duration DEFAULT_ETCD_TIMEOUT = Duration.ofSeconds(2);
    /** The default key prefix. */
    public static final String DEFAULT_PREFIX = "/ioswitch/";
    /** TLS defaults of the peer port: mutual and verified, whatever the block says otherwise. */
    public static final TlsOptions PEER_TLS_DEFAULTS = TlsOptions.builder().requiredLevel(SecurityLevel.VERIFIED)
            .clientCertificates(ClientCertificates.REQUIRE).build();

    /** Checks every field and names the one that is wrong. */
    public ClusterOptions {
        Objects.requireNonNull(nodeId, "nodeId");
        if (!nodeId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("nodeId must be 1-63 letters, digits, '.', '_' or '-', was \""
                    + nodeId + "\"");
        }
        etcdEndpoints = List.copyOf(etcdEndpoints);
        if (etcdEndpoints.isEmpty()) {
            throw new IllegalArgumentException("etcd.endpoints must name at least one etcd member");
        }
        for (URI u : etcdEndpoints) {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null
                    || u.getPort() < 0) {
                throw new IllegalArgumentException("etcd.endpoints: expected http(s)://host:port, got " + u);
            }
        }
        Objects.requireNonNull(etcdTls, "etcdTls");
        boolean https = etcdEndpoints.stream().anyMatch(u -> "https".equals(u.getScheme()));
        if (https != etcdTls.isPresent()) {
            throw new IllegalArgumentException(https ? "etcd.tls: https endpoints need a tls block"
                    : "etcd.tls: given, but the endpoints are plain http");
        }
        Objects.requireNonNull(peerBind, "peerBind");
        if (peerPort < 0 || peerPort > 0xFFFF) {
            throw new IllegalArgumentException("peer.port must be 0..65535, was " + peerPort);
        }
        Objects.requireNonNull(peerAdvertise, "peerAdvertise");
        if (peerAdvertise.isEmpty() && (peerBind.equals("0.0.0.0") || peerBind.equals("::"))) {
            throw new IllegalArgumentException("peer.advertise: the address other nodes dial is needed when peer.bind"
                    + " is the wildcard " + peerBind);
        }
        Objects.requireNonNull(peerTls, "peerTls");
        if (!peerTls.hasKeyMaterial() || peerTls.trusted().isEmpty()) {
            throw new IllegalArgumentException("peer.tls: a node needs its node certificate and key and the cloud"
                    + " organization's root in trusted");
        }
        if (peerTls.requiredLevel() != SecurityLevel.VERIFIED) {
            throw new IllegalArgumentException("peer.tls.requiredLevel must be verified, was "
                    + peerTls.requiredLevel().name().toLowerCase());
        }
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        if (leaseTtl.toSeconds() < 2) {
            throw new IllegalArgumentException("leaseTtlSeconds must be >= 2, was " + leaseTtl.toSeconds());
        }
        Objects.requireNonNull(etcdTimeout, "etcdTimeout");
        if (etcdTimeout.isNegative() || etcdTimeout.isZero()) {
            throw new IllegalArgumentException("etcd.timeoutMillis must be > 0, was " + etcdTimeout.toMillis());
        }
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must start and end with '/', was \"" + prefix + "\"");
        }
    }

    /** A builder with the defaults; nodeId, etcdEndpoints and peerTls must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.nodeId = nodeId;
        b.etcdEndpoints = etcdEndpoints;
        b.etcdTls = etcdTls.orElse(null);
        b.peerBind = peerBind;
        b.peerPort = peerPort;
        b.peerAdvertise = peerAdvertise.orElse(null);
        b.peerTls = peerTls;
        b.leaseTtl = leaseTtl;
        b.etcdTimeout = etcdTimeout;
        b.prefix = prefix;
        return b;
    }

    /** Builds {@link ClusterOptions}. */
    public static final class Builder {
        private String nodeId;
        private List<URI> etcdEndpoints = List.of();
        private TlsOptions etcdTls;
        private String peerBind = "0.0.0.0";
        private int peerPort = DEFAULT_PEER_PORT;
        private HostPort peerAdvertise;
        private TlsOptions peerTls;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private Duration etcdTimeout = DEFAULT_ETCD_TIMEOUT;
        private String prefix = DEFAULT_PREFIX;

        private Builder() {}

        /** This node's id. */
        public Builder nodeId(String v) {
            nodeId = v;
            return this;
        }

        /** The etcd members. */
        public Builder etcdEndpoints(List<URI> v) {
            etcdEndpoints = v;
            return this;
        }

        /** The etcd client's TLS settings, null for plain http. */
        public Builder etcdTls(TlsOptions v) {
            etcdTls = v;
            return this;
        }

        /** Peer port listen address. */
        public Builder peerBind(String v) {
            peerBind = v;
            return this;
        }

        /** Peer port. */
        public Builder peerPort(int v) {
            peerPort = v;
            return this;
        }

        /** Where other nodes dial the peer port, null for bind address and bound port. */
        public Builder peerAdvertise(HostPort v) {
            peerAdvertise = v;
            return this;
        }

        /** Node certificate and cloud root. */
        public Builder peerTls(TlsOptions v) {
            peerTls = v;
            return this;
        }

        /** Lease time to live. */
        public Builder leaseTtl(Duration v) {
            leaseTtl = v;
            return this;
        }

        /** etcd request timeout. */
        public Builder etcdTimeout(Duration v) {
            etcdTimeout = v;
            return this;
        }

        /** Key prefix. */
        public Builder prefix(String v) {
            prefix = v;
            return this;
        }

        /** The options; throws IllegalArgumentException naming a wrong field. */
        public ClusterOptions build() {
            return new ClusterOptions(nodeId, etcdEndpoints, Optional.ofNullable(etcdTls), peerBind, peerPort,
                    Optional.ofNullable(peerAdvertise), peerTls, leaseTtl, etcdTimeout, prefix);
        }
    }
}
