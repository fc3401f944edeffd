package org.ioswitch.switchbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Usage;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.tunnel.TunnelFrame;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.switchbox.account.PublisherAccount;
import org.ioswitch.switchbox.account.Accounts;
import org.ioswitch.switchbox.cluster.ClusterOptions;

/**
 * Switchbox cluster nodes in this JVM over a shared {@link EtcdCluster}, each test with a key prefix of its own, and
 * everything of {@link RelayFixture} (organizations, echo home server, clients) pointed at any node's port. The
 * account {@code racer} publishes networks {@code race-0..race-49} with its client certificate (no password hashing,
 * so a race is decided by the registry, not by the CPU).
 */
final class ClusterFixture implements AutoCloseable {
    /** A short lease for tests that do not measure re-homing. */
    static final Duration SHORT_TTL = Duration.ofSeconds(3);
    /** Generous: two cores shared by eight builds stall etcd for seconds at times. */
    static final Duration ETCD_TIMEOUT = Duration.ofSeconds(8);
    final RelayFixture relay;
    final EtcdCluster etcd;
    final String prefix = EtcdCluster.freshPrefix();
    final List<SwitchboxServer> nodes = new ArrayList<>();
    final TlsOptions racerTls;
    final Duration ttl;
    private TlsClientContext racerContext;

    ClusterFixture(Path dir, EtcdCluster etcd) throws Exception {
        this(dir, etcd, SHORT_TTL);
    }

    /** Nodes with a lease of {@code ttl}. */
    ClusterFixture(Path dir, EtcdCluster etcd, Duration ttl) throws Exception {
        this.ttl = ttl;
        this.relay = new RelayFixture(dir);
        this.etcd = etcd;
        List<String> races = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            races.add("race-" + i);
        }
        Accounts accounts = Accounts.load(dir.resolve("accounts.json"));
        accounts.put(new PublisherAccount("racer", null, "racer", races));
        racerTls = clientTls(relay.cloud, "racer");
    }

    /** TLS options of a client certificate {@code name} issued by {@code org}, trusting the cloud root. */
    TlsOptions clientTls(TestOrg org, String name) throws Exception {
        return org.client(relay.dir, name + "-" + org.hashCode(), name).options().trust(relay.cloudRoot).build();
    }

    /** The peer TLS block of node {@code id}, its certificate issued by {@code org} with {@code usage}. */
    TlsOptions nodeTls(TestOrg org, String id, Usage usage) throws Exception {
        IssuedPem c = TestOrg.write(relay.dir, "node-" + id + "-" + org.hashCode() + "-" + usage,
                org.ca().issue(CertSpec.server(id).usage(usage).ip("127.0.0.1").dns("localhost").build()));
        return c.options().trust(relay.cloudRoot).requiredLevel(SecurityLevel.VERIFIED)
                .clientCertificates(ClientCertificates.REQUIRE).build();
    }

    ClusterOptions.Builder clusterOptions(String id) throws Exception {
        return ClusterOptions.builder().nodeId(id).etcdEndpoints(etcd == null ? List.of() : etcd.endpoints()).peerBind("127.0.0.1").peerPort(0)
                .peerTls(nodeTls(relay.cloud, id, Usage.SWITCHBOX_NODE)).leaseTtl(ttl).prefix(prefix)
                .etcdTimeout(ETCD_TIMEOUT);
    }

    SwitchboxOptions.Builder switchboxOptions() {
        return relay.options().tunnel(TunnelOptions.builder().keepaliveInterval(Duration.ofSeconds(1))
                .keepaliveTimeout(Duration.ofSeconds(3)).build()).helloTimeout(Duration.ofSeconds(5));
    }

    /** Starts node {@code id} in this JVM; every node shares the fixture's tap. */
    SwitchboxServer node(String id) throws Exception {
        SwitchboxServer node = SwitchboxServer.start(switchboxOptions().build(), clusterOptions(id).build(),
                (network, stream, toHome, b, off, len) -> {
                    synchronized (relay.tapped) {
                        relay.tapped.write(b, off, len);
                    }
                });
        nodes.add(node);
        relay.cleanup.add(0, node);
        return node;
    }

    /** One client context for every racer: each context watches its files (inotify instances are few). */
    private synchronized TlsClientContext racer() throws Exception {
        if (racerContext == null) {
            racerContext = TlsClientContext.open(racerTls);
            relay.cleanup.add(racerContext);
        }
        return racerContext;
    }

    /** A publisher by hand through node {@code port}: the answer to its PUBLISH (PUBLISHED or TUNNEL_CLOSE). */
    TunnelFrame publish(int port, String network) throws Exception {
        TlsConnection conn = racer().connect("127.0.0.1", port, Duration.ofSeconds(10));
        relay.cleanup.add(0, conn);
        FrameWriter w = new FrameWriter(conn.socket().getOutputStream());
        FrameReader r = new FrameReader(conn.socket().getInputStream(), WireLimits.DEFAULT);
        conn.socket().setSoTimeout(15_000);
        w.writeHello(new Hello(Hello.VERSION, Role.SERVICE, network, 0, TunnelOptions.DEFAULT_MAX_FRAME_SIZE));
        w.flush();
        r.next(); // HELLO_ACK
        w.write(new Auth("racer", CredentialKind.CERTIFICATE, new byte[0], ""));
        w.flush();
        r.next(); // AUTH_OK
        conn.socket().getOutputStream().write(TunnelCodec.encode(new Publish(false, List.of(network))));
        return TunnelCodec.read(conn.socket().getInputStream(), 1 << 20);
    }

    /** The close frame a client gets from node {@code port} when it asks for {@code network}. */
    org.ioswitch.common.wire.Frame refusal(int port, String network) throws Exception {
        RelayFixture.Client c = relay.client(network, false, port);
        c.outer.socket().setSoTimeout(15_000);
        return new FrameReader(c.outer.socket().getInputStream(), WireLimits.DEFAULT).next();
    }

    /** Writes a key under this test's prefix straight into etcd (a forged or stale record). */
    void putKey(String relativeKey, String value) throws Exception {
        try (io.etcd.jetcd.Client c = io.etcd.jetcd.Client.builder().endpoints(etcd.endpoints()
                .toArray(new java.net.URI[0])).build()) {
            c.getKVClient().put(io.etcd.jetcd.ByteSequence.from(prefix + relativeKey, StandardCharsets.UTF_8),
                    io.etcd.jetcd.ByteSequence.from(value, StandardCharsets.UTF_8)).get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * Connects to a peer port with {@code tls} (null: no client certificate), sends the node link preamble and
     * returns what came back before the connection ended: the preamble when the link was accepted.
     */
    String peerAnswer(int peerPort, TlsOptions tls) throws Exception {
        TlsOptions options = tls != null ? tls : TlsOptions.builder().trust(relay.cloudRoot).build();
        try (TlsClientContext ctx = TlsClientContext.open(options)) {
            TlsConnection conn;
            try {
                conn = ctx.connect("127.0.0.1", peerPort, Duration.ofSeconds(10));
            } catch (java.io.IOException e) {
                return "refused in the handshake: " + e.getMessage();
            }
            try (conn) {
                conn.socket().setSoTimeout(15_000);
                conn.socket().getOutputStream().write("IOSWPEER\1".getBytes(StandardCharsets.US_ASCII));
                conn.socket().getOutputStream().flush();
                return new String(conn.socket().getInputStream().readNBytes(9), StandardCharsets.US_ASCII);
            } catch (java.io.IOException e) {
                return "refused: " + e.getMessage();
            }
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        relay.close();
    }
}
