package org.ioswitch.switchbox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.switchbox.cluster.ClusterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cluster} section: absent means a single switchbox; present, every key is read or named in an error. */
class ClusterConfigTest {
    @TempDir
    Path dir;

    private Path config(String cluster) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"tls\": {\"certificate\": \"sb.crt\", \"privateKey\": \"sb.key\"}"
                + (cluster == null ? "" : ", \"cluster\": " + cluster) + "}");
        return file;
    }

    private static final String PEER_TLS = "\"tls\": {\"certificate\": \"sb1.crt\", \"privateKey\": \"sb1.key\","
            + " \"trusted\": \"iocafe-root.crt\"}";

    @Test
    void withoutAClusterSectionNothingChanges() throws Exception {
        assertTrue(ClusterConfig.load(config(null)).isEmpty());
    }

    @Test
    void clusterSectionIsReadWithPathsRelativeToTheFile() throws Exception {
        ClusterOptions o = ClusterConfig.load(config("{\"nodeId\": \"sb1\", \"leaseTtlSeconds\": 7,"
                + " \"etcd\": {\"endpoints\": [\"https://10.0.0.1:2379\", \"https://10.0.0.2:2379\"],"
                + " \"timeoutMillis\": 1500, " + PEER_TLS + "},"
                + " \"peer\": {\"bind\": \"10.0.0.1\", \"port\": 7373, \"advertise\": \"10.0.0.1:7373\", " + PEER_TLS
                + "}}")).orElseThrow();
        assertEquals("sb1", o.nodeId());
        assertEquals(Duration.ofSeconds(7), o.leaseTtl());
        assertEquals(Duration.ofMillis(1500), o.etcdTimeout());
        assertEquals(List.of(URI.create("https://10.0.0.1:2379"), URI.create("https://10.0.0.2:2379")),
                o.etcdEndpoints());
        assertEquals(dir.resolve("sb1.crt"), o.etcdTls().orElseThrow().certificate());
        assertEquals(new HostPort("10.0.0.1", 7373), o.peerAdvertise().orElseThrow());
        assertEquals(SecurityLevel.VERIFIED, o.peerTls().requiredLevel());
        assertEquals(ClientCertificates.REQUIRE, o.peerTls().clientCertificates());
        assertEquals(ClusterOptions.DEFAULT_PREFIX, o.prefix());
    }

    @Test
    void errorsNameTheFileAndTheKey() throws Exception {
        ConfigException noId = assertThrows(ConfigException.class, () -> ClusterConfig.load(config(
                "{\"etcd\": {\"endpoints\": [\"http://127.0.0.1:2379\"]}, \"peer\": {" + PEER_TLS + "}}")));
        assertTrue(noId.getMessage().contains("config.json: cluster.nodeId"), noId.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> ClusterConfig.load(config(
                "{\"nodeId\": \"sb1\", \"etcd\": {\"endpoints\": [\"http://127.0.0.1:2379\"], \"user\": \"x\"},"
                        + " \"peer\": {" + PEER_TLS + "}}")));
        assertTrue(unknown.getMessage().contains("cluster.etcd.user"), unknown.getMessage());
        ConfigException httpsWithoutTls = assertThrows(ConfigException.class, () -> ClusterConfig.load(config(
                "{\"nodeId\": \"sb1\", \"etcd\": {\"endpoints\": [\"https://127.0.0.1:2379\"]}, \"peer\": {"
                        + PEER_TLS + "}}")));
        assertTrue(httpsWithoutTls.getMessage().contains("https endpoints need a tls block"),
                httpsWithoutTls.getMessage());
        ConfigException noPeerTls = assertThrows(ConfigException.class, () -> ClusterConfig.load(config(
                "{\"nodeId\": \"sb1\", \"etcd\": {\"endpoints\": [\"http://127.0.0.1:2379\"]}}")));
        assertTrue(noPeerTls.getMessage().contains("cluster.peer.tls"), noPeerTls.getMessage());
    }
}
