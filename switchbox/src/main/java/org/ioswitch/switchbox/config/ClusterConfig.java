package org.ioswitch.switchbox.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigFile;
import org.ioswitch.common.config.ConfigObject;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.switchbox.cluster.ClusterOptions;

/**
 * Reads the {@code cluster} section of a switchbox's {@code config.json} (docs/cluster.md); without it the switchbox
 * is a single node with its registry in memory, as before:
 * <pre>
 * "cluster": {"nodeId": "sb1", "leaseTtlSeconds": 5, "prefix": "/ioswitch/",
 *   "etcd": {"endpoints": ["https://10.0.0.1:2379", "https://10.0.0.2:2379", "https://10.0.0.3:2379"],
 *            "timeoutMillis": 2000,
 *            "tls": {"certificate": "sb1.crt", "privateKey": "sb1.key", "trusted": "iocafe-root.crt"}},
 *   "peer": {"bind": "0.0.0.0", "port": 6373, "advertise": "10.0.0.1:6373",
 *            "tls": {"certificate": "sb1.crt", "privateKey": "sb1.key", "trusted": "iocafe-root.crt"}}}
 * </pre>
 * Both {@code tls} blocks are DESIGN §4 blocks; the peer block is always {@code requiredLevel: verified} with client
 * certificates required.
 */
public final class ClusterConfig {
    private ClusterConfig() {
    }

    /**
     * The cluster settings in {@code file}, or empty when it has no {@code cluster} section.
     *
     * @throws ConfigException naming the file, the key and what was expected
     */
    public static Optional<ClusterOptions> load(Path file) throws ConfigException {
        ConfigObject root = ConfigFile.read(file).root();
        if (!root.has("cluster")) {
            return Optional.empty();
        }
        ConfigObject c = root.object("cluster");
        ClusterOptions.Builder b = ClusterOptions.builder();
        String nodeId = c.string("nodeId", null);
        if (nodeId == null) {
            throw c.error("nodeId", "this node's id (the CN of its node certificate), e.g. \"sb1\"");
        }
        b.nodeId(nodeId)
                .leaseTtl(Duration.ofSeconds(c.integer("leaseTtlSeconds", ClusterOptions.DEFAULT_LEASE_TTL.toSeconds(),
                        2, 3600)))
                .prefix(c.string("prefix", ClusterOptions.DEFAULT_PREFIX));
        ConfigObject etcd = c.object("etcd");
        List<URI> endpoints = new ArrayList<>();
        for (String e : etcd.strings("endpoints", List.of())) {
            try {
                endpoints.add(URI.create(e));
            } catch (IllegalArgumentException ex) {
                throw etcd.error("endpoints", "http(s)://host:port, got \"" + e + "\": " + ex.getMessage());
            }
        }
        if (endpoints.isEmpty()) {
            throw etcd.error("endpoints", "the etcd members, e.g. [\"https://10.0.0.1:2379\"]");
        }
        b.etcdEndpoints(endpoints)
                .etcdTimeout(Duration.ofMillis(etcd.integer("timeoutMillis",
                        ClusterOptions.DEFAULT_ETCD_TIMEOUT.toMillis(), 100, 60_000)));
        if (etcd.has("tls")) {
            b.etcdTls(TlsOptions.fromConfig(etcd.object("tls")));
        }
        etcd.finish();
        ConfigObject peer = c.object("peer");
        b.peerBind(peer.string("bind", "0.0.0.0"))
                .peerPort((int) peer.integer("port", ClusterOptions.DEFAULT_PEER_PORT, 0, 65535));
        String advertise = peer.string("advertise", null);
        if (advertise != null) {
            try {
                b.peerAdvertise(HostPort.parse(advertise, ClusterOptions.DEFAULT_PEER_PORT));
            } catch (IllegalArgumentException e) {
                throw peer.error("advertise", e.getMessage());
            }
        }
        if (!peer.has("tls")) {
            throw peer.error("tls", "the node certificate and the cloud organization's root");
        }
        b.peerTls(TlsOptions.fromConfig(peer.object("tls"), ClusterOptions.PEER_TLS_DEFAULTS));
        peer.finish();
        c.finish();
        try {
            return Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            throw c.error(e.getMessage());
        }
    }
}
