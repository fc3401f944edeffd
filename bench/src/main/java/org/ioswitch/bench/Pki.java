package org.ioswitch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.IssuedFiles;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.OrgDirectory;
import org.ioswitch.certs.ca.Usage;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.switchbox.EtcdCluster;
import org.ioswitch.switchbox.cluster.ClusterOptions;

/**
 * One organization made for a run: its root and a server certificate for 127.0.0.1, as PEM files in a directory,
 * written the way {@code ioswitch certs init-org} and {@code certs server} write them ({@link OrgDirectory},
 * {@link IssuedFiles}).
 */
final class Pki {
    final OrgCa ca;
    final Path root;
    final Path serverCert;
    final Path serverKey;
    /** The server's key and chain themselves, for a TLS stack that takes them from memory. */
    final Issued server;
    private final Path dir;

    /** Makes the root of {@code org} and a server certificate named {@code serverName} (SAN adds localhost, 127.0.0.1). */
    Pki(Path dir, String org, String serverName) throws Exception {
        this.dir = dir;
        ca = OrgCa.create(org);
        OrgDirectory orgFiles = new OrgDirectory(Files.createDirectories(dir), org);
        orgFiles.save(ca, null, true);
        root = orgFiles.rootCertificate();
        server = ca.issue(CertSpec.server(serverName).dns(serverName, "localhost").ip("127.0.0.1").build());
        IssuedFiles files = IssuedFiles.of(dir, serverName).write(server, null);
        serverCert = files.certificate();
        serverKey = files.privateKey();
    }

    /** Issues {@code spec} into this run's directory as {@code NAME.crt} and {@code NAME.key}. */
    IssuedFiles issue(String name, CertSpec spec) throws CertsException {
        return IssuedFiles.of(dir, name).write(ca.issue(spec), null);
    }

    /** Listener options: this server certificate, no client certificate asked. */
    TlsOptions serverOptions() {
        return TlsOptions.builder().certificate(serverCert).privateKey(serverKey).requiredLevel(SecurityLevel.TLS)
                .clientCertificates(ClientCertificates.NONE).build();
    }

    /** Client options: verify the server against this root only. */
    TlsOptions clientOptions() {
        return TlsOptions.builder().trust(root).build();
    }

    /**
     * Cluster settings of node {@code id}: a switchbox node certificate of this organization (so this must be the
     * cloud's) for the peer port, claims under {@code prefix} in {@code etcd}.
     */
    ClusterOptions nodeOptions(String id, EtcdCluster etcd, String prefix) throws Exception {
        IssuedFiles node = issue(id, CertSpec.server(id).usage(Usage.SWITCHBOX_NODE).ip("127.0.0.1").build());
        return ClusterOptions.builder().nodeId(id).etcdEndpoints(etcd.endpoints()).peerBind("127.0.0.1").peerPort(0)
                .peerTls(TlsOptions.builder().certificate(node.certificate()).privateKey(node.privateKey()).trust(root)
                        .requiredLevel(SecurityLevel.VERIFIED).clientCertificates(ClientCertificates.REQUIRE).build())
                .prefix(prefix).etcdTimeout(java.time.Duration.ofSeconds(10)).build();
    }

    /** Deletes a run's directory tree; best effort. */
    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
