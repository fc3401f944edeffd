package org.ioswitch.switchbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.switchbox.cluster.ClusterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The etcd client's own TLS settings, in our {@code tls} block form: an etcd member that requires client certificates
 * (as docs/cluster.md sets it up) takes the node's certificate; a node without one, or that does not trust the
 * member's certificate, does not join and says why.
 */
class ClusterEtcdTlsTest {
    @TempDir
    Path dir;

    @Test
    void nodeJoinsAnEtcdThatRequiresClientCertificatesOnlyWithItsNodeCertificate() throws Exception {
        try (ClusterFixture f = new ClusterFixture(dir, null)) {
            Issued member = f.relay.cloud.issue(CertSpec.server("etcd1").ip("127.0.0.1").build());
            Path crt = f.relay.pem("etcd1.crt", member.chain().toArray(new X509Certificate[0]));
            Path key = f.relay.key("etcd1.key", member);
            try (EtcdCluster etcd = EtcdCluster.startTls(crt, key, f.relay.cloudRoot)) {
                TlsOptions nodeTls = f.nodeTls(f.relay.cloud, "sb1", org.ioswitch.certs.ca.Usage.SWITCHBOX_NODE);
                TlsOptions etcdClient = TlsOptions.builder().certificate(nodeTls.certificate())
                        .privateKey(nodeTls.privateKey()).trust(f.relay.cloudRoot).build();
                ClusterOptions options = f.clusterOptions("sb1").etcdEndpoints(etcd.endpoints())
                        .etcdTls(etcdClient).peerTls(nodeTls).etcdTimeout(Duration.ofSeconds(8)).build();
                SwitchboxServer node = SwitchboxServer.start(f.switchboxOptions().build(), options,
                        org.ioswitch.switchbox.route.RelayTap.NONE);
                f.relay.cleanup.add(0, node);
                assertTrue(f.publish(node.port(), "race-0") instanceof Publish, "a claim through TLS to etcd");
                assertEquals("sb1", node.cluster().orElseThrow().owner("race-0").orElse("?"));

                ClusterOptions noClientCert = options.toBuilder().nodeId("sb2")
                        .etcdTls(TlsOptions.builder().trust(f.relay.cloudRoot).build()).build();
                IOException refused = assertThrows(IOException.class, () -> SwitchboxServer.start(
                        f.switchboxOptions().build(), noClientCert, org.ioswitch.switchbox.route.RelayTap.NONE));
                assertTrue(refused instanceof WireException && refused.getMessage().contains("registry unavailable"),
                        refused.toString());

                ClusterOptions wrongRoot = options.toBuilder().nodeId("sb3").etcdTls(TlsOptions.builder()
                        .certificate(nodeTls.certificate()).privateKey(nodeTls.privateKey()).trust(f.relay.homeRoot)
                        .build()).build();
                IOException untrusted = assertThrows(IOException.class, () -> SwitchboxServer.start(
                        f.switchboxOptions().build(), wrongRoot, org.ioswitch.switchbox.route.RelayTap.NONE));
                assertTrue(untrusted.getMessage().contains("registry unavailable"), untrusted.toString());
            }
        }
    }
}
