package org.ioswitch.switchbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.switchbox.cluster.ClusterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The etcd client's own TLS settings, in our {@code tls} block form: an etcd member that requires client certificates
 * (as docs/cluster.md sets it up) takes the node's certificate; a node without one, or that does not trust the
 * member's certificate, does not join and says why.
 */
class ClusterEtcdTlsTest {
    @RegisterExtension
    final ClusterFixture f = ClusterFixture.withTtl(ClusterFixture.SHORT_TTL);

    @Test
    void nodeJoinsAnEtcdThatRequiresClientCertificatesOnlyWithItsNodeCertificate() throws Exception {
        IssuedPem member = TestOrg.write(f.dir, "etcd1",
                f.relay.cloud.ca().issue(CertSpec.server("etcd1").ip("127.0.0.1").build()));
        try (EtcdCluster etcd = EtcdCluster.startTls(member.certificate(), member.privateKey(), f.relay.cloudRoot)) {
            TlsOptions nodeTls = f.nodeTls(f.relay.cloud, "sb1", org.ioswitch.certs.ca.Usage.SWITCHBOX_NODE);
            TlsOptions etcdClient = TlsOptions.builder().certificate(nodeTls.certificate())
                    .privateKey(nodeTls.privateKey()).trust(f.relay.cloudRoot).build();
            ClusterOptions options = f.clusterOptions("sb1", etcd.endpoints())
                    .etcdTls(etcdClient).peerTls(nodeTls).etcdTimeout(Duration.ofSeconds(8)).build();
            SwitchboxServer node = SwitchboxServer.start(f.switchboxOptions().build(), options,
                    org.ioswitch.switchbox.route.RelayTap.NONE);
            f.relay.cleanup.add(0, node);
            assertTrue(f.publish(node.port(), "race-0") instanceof Publish, "a claim through TLS to etcd");
            assertEquals("sb1", node.cluster().orElseThrow().owner("race-0").orElse("?"));

            // refusals come within the etcd timeout: a short one keeps the test short
            ClusterOptions noClientCert = options.toBuilder().nodeId("sb2").etcdTimeout(Duration.ofSeconds(2))
                    .etcdTls(TlsOptions.builder().trust(f.relay.cloudRoot).build()).build();
            IOException refused = assertThrows(IOException.class, () -> SwitchboxServer.start(
                    f.switchboxOptions().build(), noClientCert, org.ioswitch.switchbox.route.RelayTap.NONE));
            assertTrue(refused instanceof WireException && refused.getMessage().contains("registry unavailable"),
                    refused.toString());

            ClusterOptions wrongRoot = options.toBuilder().nodeId("sb3").etcdTimeout(Duration.ofSeconds(2)).etcdTls(TlsOptions.builder()
                    .certificate(nodeTls.certificate()).privateKey(nodeTls.privateKey()).trust(f.relay.homeRoot)
                    .build()).build();
            IOException untrusted = assertThrows(IOException.class, () -> SwitchboxServer.start(
                    f.switchboxOptions().build(), wrongRoot, org.ioswitch.switchbox.route.RelayTap.NONE));
            assertTrue(untrusted.getMessage().contains("registry unavailable"), untrusted.toString());
        }
    }
}
