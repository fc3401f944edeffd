package org.ioswitch.switchbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ioswitch.certs.ca.Usage;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.tunnel.TunnelFrame;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.server.uplink.Uplink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three switchbox nodes in this JVM on three etcd members: claims, forwarding, refusals. */
class ClusterTest {
    private static EtcdCluster etcd;
    @TempDir
    Path dir;
    private ClusterFixture f;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdCluster.start();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @BeforeEach
    void fixture() throws Exception {
        f = new ClusterFixture(dir, etcd);
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void duplicatePublishersRacingOnThreeNodesLeaveExactlyOneWinnerIn50Rounds() throws Exception {
        List<SwitchboxServer> nodes = List.of(f.node("sb1"), f.node("sb2"), f.node("sb3"));
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "racer");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int round = 0; round < 50; round++) {
                String network = "race-" + round;
                List<Future<TunnelFrame>> answers = new ArrayList<>();
                for (SwitchboxServer node : nodes) {
                    answers.add(pool.submit(() -> f.publish(node.port(), network)));
                }
                int won = 0;
                for (Future<TunnelFrame> a : answers) {
                    TunnelFrame answer = a.get(30, TimeUnit.SECONDS);
                    if (answer instanceof Publish p && p.confirmed()) {
                        won++;
                    } else {
                        TunnelClose refused = assertInstanceOf(TunnelClose.class, answer, "round " + round);
                        assertTrue(refused.code() == CloseCode.MOVING || refused.code() == CloseCode.LIMIT,
                                "round " + round + ": " + refused);
                        assertTrue(refused.text().contains("already has a live tunnel"), refused.text());
                    }
                }
                assertEquals(1, won, "round " + round + ": exactly one publisher wins");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientOnAnotherNodeIsForwardedEndToEndAndNoNodeSeesThePlaintext() throws Exception {
        SwitchboxServer owner = f.node("sb1");
        SwitchboxServer other = f.node("sb2");
        Uplink uplink = f.relay.uplink(f.relay.uplinkOptions(owner.port()).build());
        uplink.awaitStatus(Uplink.Status::published, Duration.ofSeconds(20));
        RelayFixture.Client client = awaitForwarded(other.port(), "pekkahome");
        String secret = "the inner session's secret line";
        assertEquals(secret, RelayFixture.echo(client, secret));
        assertTrue(f.relay.tapped().length() > 0, "the taps saw the forwarded bytes");
        assertFalse(f.relay.tapped().contains(secret), "a node saw the plaintext");
        assertEquals(1, other.router().relayCount(), "the client's node relays it");
    }

    /** The forwarding node learns of the claim through its watch: until then the network is unknown there. */
    private RelayFixture.Client awaitForwarded(int port, String network) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return f.relay.endToEnd(network, port);
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Test
    void unknownNetworkIsStillUnknownOnEveryNode() throws Exception {
        SwitchboxServer node = f.node("sb1");
        Frame answer = f.refusal(node.port(), "nobody");
        assertEquals(CloseCode.UNKNOWN_NETWORK, assertInstanceOf(Close.class, answer).code());
    }

    @Test
    void peerPortAcceptsOnlySwitchboxNodeCertificatesOfTheCloudOrganization() throws Exception {
        SwitchboxServer node = f.node("sb1");
        int peer = node.cluster().orElseThrow().peerPort();
        String preamble = "IOSWPEER\1";
        assertEquals(preamble, f.peerAnswer(peer, f.nodeTls(f.relay.cloud, "sb2", Usage.SWITCHBOX_NODE)),
                "a node certificate of the cloud organization");
        assertRefused(f.peerAnswer(peer, null), "no client certificate");
        assertRefused(f.peerAnswer(peer, f.nodeTls(f.relay.home, "sb2", Usage.SWITCHBOX_NODE)),
                "a node certificate of another organization");
        assertRefused(f.peerAnswer(peer, f.clientTls(f.relay.cloud, "gina3.pekkahome")),
                "a device certificate of the cloud organization");
        assertRefused(f.peerAnswer(peer, f.clientTls(f.relay.cloud, "pekka")),
                "a home server's uplink certificate of the cloud organization");
        assertRefused(f.peerAnswer(peer, f.nodeTls(f.relay.cloud, "sb2", Usage.SERVER_AND_CLIENT)),
                "a server-and-client certificate of the cloud organization without the node marker");
    }

    private static void assertRefused(String answer, String who) {
        assertFalse(answer.equals("IOSWPEER\1"), who + " must be refused on the peer port, got " + answer);
    }

    @Test
    void clientPortNeverTakesNodeLinkFrames() throws Exception {
        SwitchboxServer owner = f.node("sb1");
        Uplink uplink = f.relay.uplink(f.relay.uplinkOptions(owner.port()).build());
        uplink.awaitStatus(Uplink.Status::published, Duration.ofSeconds(20));
        TlsOptions nodeCert = f.nodeTls(f.relay.cloud, "sb2", Usage.SWITCHBOX_NODE);
        assertRefused(f.peerAnswer(owner.port(), nodeCert), "a node link on the client port");
        try (TlsClientContext ctx = TlsClientContext.open(nodeCert);
                TlsConnection conn = ctx.connect("127.0.0.1", owner.port(), Duration.ofSeconds(10))) {
            conn.socket().setSoTimeout(15_000);
            conn.socket().getOutputStream().write(TunnelCodec.encode(new StreamOpen(1, "pekkahome", "10.0.0.1", 1,
                    "TLSv1.3", "x", "VERIFIED", "")));
            conn.socket().getOutputStream().flush();
            Frame answer = new FrameReader(conn.socket().getInputStream(), WireLimits.DEFAULT).next();
            assertEquals(CloseCode.PROTOCOL_ERROR, assertInstanceOf(Close.class, answer).code());
        }
        assertEquals(0, owner.router().relayCount());
        assertTrue(owner.router().tunnels().iterator().next().streams().isEmpty(), "no stream reached the home server");
    }

    @Test
    void forwarderRefusesAPeerThatIsNotTheRegistersOwner() throws Exception {
        SwitchboxServer asking = f.node("sb1");
        SwitchboxServer impostor = f.node("sb2");
        int impostorPeer = impostor.cluster().orElseThrow().peerPort();
        // the registry says node sb9 holds "stolen" at sb2's peer port: sb2's certificate names sb2, not sb9
        f.putKey("nodes/sb9", "{\"peer\":\"127.0.0.1:" + impostorPeer + "\",\"fingerprint\":\"00\"}");
        f.putKey("networks/stolen", "{\"node\":\"sb9\",\"tunnel\":\"x\"}");
        Close answer = awaitClose(asking.port(), "stolen", CloseCode.MOVING);
        assertTrue(answer.text().contains("node sb9 cannot be reached"), answer.text());
        assertEquals(0, impostor.router().relayCount());
    }

    @Test
    void ownerWithoutTheTunnelAnswersNotHereAndTheClientHearsMoving() throws Exception {
        SwitchboxServer asking = f.node("sb1");
        f.node("sb2");
        // a stale claim: sb2 is named the owner, but sb2 holds no tunnel for it
        f.putKey("networks/ghost", "{\"node\":\"sb2\",\"tunnel\":\"gone\"}");
        Close answer = awaitClose(asking.port(), "ghost", CloseCode.MOVING);
        assertTrue(answer.text().contains("retry in"), answer.text());
    }

    /** Asks until the node's copy of the registry has the key and the answer has {@code code}. */
    private Close awaitClose(int port, String network, CloseCode code) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Close last;
        do {
            last = assertInstanceOf(Close.class, f.refusal(port, network));
        } while (last.code() != code && System.nanoTime() < deadline);
        assertEquals(code, last.code(), last.text());
        return last;
    }
}
