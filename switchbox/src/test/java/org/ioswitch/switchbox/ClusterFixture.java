package org.ioswitch.switchbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Usage;
import org.ioswitch.common.testing.Await;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.testing.Ports;
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
import org.ioswitch.switchbox.cluster.ClusterNode;
import org.ioswitch.switchbox.cluster.ClusterOptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one fixture of the cluster tests, registered as a JUnit extension ({@code @RegisterExtension final ClusterFixture
 * f = ClusterFixture.withTtl(...)}): per test a temp directory with everything of {@link RelayFixture} (organizations,
 * echo home server, clients) pointed at any node's port, a key prefix of its own, and switchbox cluster nodes in this
 * JVM ({@link #node}) or in child JVMs ({@link ChildNode}); all closed after the test. The three etcd members are
 * shared by every cluster test class of the run: started on first use, killed and deleted when the run ends (and by a
 * shutdown hook). The account {@code racer} publishes networks {@code race-0..race-49} with its client certificate
 * (no password hashing, so a race is decided by the registry, not by the CPU).
 */
final class ClusterFixture implements BeforeEachCallback, AfterEachCallback {
    /** A short lease for tests that do not measure re-homing. */
    static final Duration SHORT_TTL = Duration.ofSeconds(3);
    /** Generous: two cores shared by eight builds stall etcd for seconds at times. */
    static final Duration ETCD_TIMEOUT = Duration.ofSeconds(8);
    /** How long a test waits for the cluster to reach a state: bounds the test, never measures it. */
    static final Duration AWAIT = Duration.ofSeconds(30);
    final Duration ttl;
    final String prefix = EtcdCluster.freshPrefix();
    final List<SwitchboxServer> nodes = new ArrayList<>();
    Path dir;
    RelayFixture relay;
    TlsOptions racerTls;
    private TlsClientContext racerContext;

    private ClusterFixture(Duration ttl) {
        this.ttl = ttl;
    }

    /** Nodes with a lease of {@code ttl}. */
    static ClusterFixture withTtl(Duration ttl) {
        return new ClusterFixture(ttl);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        // closed (the shared etcd members killed) when the whole test run ends
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(ClusterFixture.class,
                k -> (AutoCloseable) ClusterFixture::closeShared, AutoCloseable.class);
        dir = Files.createTempDirectory("ioswitch-cluster-");
        relay = new RelayFixture(dir);
        List<String> races = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            races.add("race-" + i);
        }
        Accounts accounts = Accounts.load(dir.resolve("accounts.json"));
        accounts.put(new PublisherAccount("racer", null, "racer", races));
        racerTls = clientTls(relay.cloud, "racer");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            relay.close();
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The etcd members every cluster test shares, started on first use and closed when the test run ends. */
    static synchronized EtcdCluster etcd() throws Exception {
        if (shared == null) {
            shared = EtcdCluster.start(Ports::restartable); // the quorum test restarts members on their ports
        }
        return shared;
    }

    private static EtcdCluster shared;

    private static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
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
        return clusterOptions(id, etcd().endpoints());
    }

    /** As {@link #clusterOptions(String)} with other etcd members. */
    ClusterOptions.Builder clusterOptions(String id, List<java.net.URI> endpoints) throws Exception {
        return ClusterOptions.builder().nodeId(id).etcdEndpoints(endpoints).peerBind("127.0.0.1").peerPort(0)
                .peerTls(nodeTls(relay.cloud, id, Usage.SWITCHBOX_NODE)).leaseTtl(ttl).prefix(prefix)
                .etcdTimeout(ETCD_TIMEOUT);
    }

    SwitchboxOptions.Builder switchboxOptions() {
        return relay.options().tunnel(TunnelOptions.builder().keepaliveInterval(Duration.ofSeconds(1))
                .keepaliveTimeout(Duration.ofSeconds(3)).build()).helloTimeout(Duration.ofSeconds(5));
    }

    /** Starts node {@code id} in this JVM; every node shares the fixture's tap. */
    SwitchboxServer node(String id) throws Exception {
        return node(id, switchboxOptions().build());
    }

    /** As {@link #node(String)} with other switchbox options. */
    SwitchboxServer node(String id, SwitchboxOptions options) throws Exception {
        SwitchboxServer node = SwitchboxServer.start(options, clusterOptions(id).build(),
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
        try (io.etcd.jetcd.Client c = io.etcd.jetcd.Client.builder().endpoints(etcd().endpoints()
                .toArray(new java.net.URI[0])).build()) {
            c.getKVClient().put(io.etcd.jetcd.ByteSequence.from(prefix + relativeKey, StandardCharsets.UTF_8),
                    io.etcd.jetcd.ByteSequence.from(value, StandardCharsets.UTF_8)).get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Deletes a key under this test's prefix straight from etcd (a claim that went away). */
    void deleteKey(String relativeKey) throws Exception {
        try (io.etcd.jetcd.Client c = io.etcd.jetcd.Client.builder().endpoints(etcd().endpoints()
                .toArray(new java.net.URI[0])).build()) {
            c.getKVClient().delete(io.etcd.jetcd.ByteSequence.from(prefix + relativeKey, StandardCharsets.UTF_8))
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
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

    /**
     * A node link dialed by hand with {@code tls}: TLS, the preamble both ways; the connection then carries the
     * accepting node's tunnel frames. Closed after the test.
     */
    TlsConnection peerLink(int peerPort, TlsOptions tls) throws Exception {
        TlsClientContext ctx = TlsClientContext.open(tls);
        relay.cleanup.add(ctx);
        TlsConnection conn = ctx.connect("127.0.0.1", peerPort, Duration.ofSeconds(10));
        relay.cleanup.add(0, conn);
        conn.socket().setSoTimeout(15_000);
        conn.socket().getOutputStream().write("IOSWPEER\1".getBytes(StandardCharsets.US_ASCII));
        conn.socket().getOutputStream().flush();
        String answer = new String(conn.socket().getInputStream().readNBytes(9), StandardCharsets.US_ASCII);
        if (!answer.equals("IOSWPEER\1")) {
            throw new AssertionError("the node link was not accepted: " + answer);
        }
        return conn;
    }

    /** The SHA-256 fingerprint of the certificate in {@code tls}, as a node record holds it. */
    String fingerprint(TlsOptions tls) throws Exception {
        try (java.io.InputStream in = Files.newInputStream(tls.certificate())) {
            java.security.cert.Certificate c = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(c.getEncoded()));
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Waits until {@code condition} holds, checking it again on every event that {@code subscribe} delivers (a claim
     * or link change of a node), so nothing sleeps; fails naming {@code what} after {@link #AWAIT}.
     */
    static void await(String what, Function<Runnable, AutoCloseable> subscribe, BooleanSupplier condition)
            throws Exception {
        BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = subscribe.apply(() -> changes.add(true))) {
            if (!condition.getAsBoolean() && Await.first(changes, AWAIT, x -> condition.getAsBoolean()) == null) {
                throw new AssertionError("not within " + AWAIT.toSeconds() + " s: " + what);
            }
        }
    }

    /** As {@link #await} on changes of {@code node}'s watched copy of the claims. */
    static void awaitClaims(ClusterNode node, String what, BooleanSupplier condition) throws Exception {
        await(what, change -> node.onClaimChange(network -> change.run()), condition);
    }

    /** As {@link #await} on link changes of all {@code nodes}. */
    static void awaitLinks(List<ClusterNode> nodes, String what, BooleanSupplier condition) throws Exception {
        await(what, change -> {
            List<AutoCloseable> all = new ArrayList<>();
            nodes.forEach(n -> all.add(n.onLinkChange(change)));
            return () -> {
                for (AutoCloseable a : all) {
                    a.close();
                }
            };
        }, condition);
    }

    /**
     * An end-to-end client of {@code network} through the node on {@code port}, once {@code node}'s copy of the
     * registry names an owner; asking again while the network is moving (a link still being made, a claim just
     * taken).
     */
    RelayFixture.Client reach(ClusterNode node, String network, int port) throws Exception {
        awaitClaims(node, node.nodeId() + " knows who holds " + network, () -> node.owner(network).isPresent());
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (true) {
            try {
                return relay.endToEnd(network, port);
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(network + " not reachable through port " + port, e);
                }
            }
        }
    }
}
