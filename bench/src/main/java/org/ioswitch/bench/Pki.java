package org.ioswitch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.Usage;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.switchbox.EtcdCluster;
import org.ioswitch.switchbox.cluster.ClusterOptions;

/** One organization made for a run: its root and a server certificate for 127.0.0.1, as PEM files in a directory. */
final class Pki {
    final OrgCa ca;
    final Path root;
    final Path serverCert;
    final Path serverKey;

    /** Makes the root of {@code org} and a server certificate named {@code serverName} (SAN adds localhost, 127.0.0.1). */
    Pki(Path dir, String org, String serverName) throws Exception {
        Files.createDirectories(dir);
        ca = OrgCa.create(org);
        root = dir.resolve(org + "-root.crt");
        PemFiles.writeCertificates(root, List.of(ca.certificate()));
        Issued server = ca.issue(CertSpec.server(serverName).dns(serverName, "localhost").ip("127.0.0.1").build());
        serverCert = dir.resolve(serverName + ".crt");
        serverKey = dir.resolve(serverName + ".key");
        PemFiles.writeCertificates(serverCert, server.chain());
        PemFiles.writePrivateKey(serverKey, server.privateKey(), null);
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
        Path dir = serverCert.getParent();
        Issued node = ca.issue(CertSpec.server(id).usage(Usage.SWITCHBOX_NODE).ip("127.0.0.1").build());
        Path crt = dir.resolve(id + ".crt");
        Path key = dir.resolve(id + ".key");
        PemFiles.writeCertificates(crt, node.chain());
        PemFiles.writePrivateKey(key, node.privateKey(), null);
        return ClusterOptions.builder().nodeId(id).etcdEndpoints(etcd.endpoints()).peerBind("127.0.0.1").peerPort(0)
                .peerTls(TlsOptions.builder().certificate(crt).privateKey(key).trust(root)
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
