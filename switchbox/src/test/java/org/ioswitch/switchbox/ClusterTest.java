package org.ioswitch.switchbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ioswitch.certs.ca.Usage;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.tunnel.TunnelFrame;
import org.ioswitch.common.tunnel.TunnelFrame.StreamData;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.tunnel.TunnelStream;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.server.uplink.Uplink;
import org.ioswitch.switchbox.cluster.ClusterNode;
import org.ioswitch.switchbox.route.RelayTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three switchbox nodes in this JVM on three etcd members: claims, forwarding, node links, refusals. */
class ClusterTest {
    @RegisterExtension
    final ClusterFixture f = ClusterFixture.withTtl(ClusterFixture.SHORT_TTL);

    @Test
    void duplicatePublishersRacingOnThreeNodesLeaveExactlyOneWinnerIn50Rounds() throws Exception {
        List<SwitchboxServer> nodes = List.of(f.node("sb1"), f.node("sb2"), f.node("sb3"));
        ExecutorService pool = Executors.newFixedThreadPool(3, Threads.daemonFactory("racer"));
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
        RelayFixture.Client client = f.reach(other.cluster().orElseThrow(), "pekkahome", other.port());
        String secret = "the inner session's secret line";
        assertEquals(secret, RelayFixture.echo(client, secret));
        assertTrue(f.relay.tapped().length() > 0, "the taps saw the forwarded bytes");
        assertFalse(f.relay.tapped().contains(secret), "a node saw the plaintext");
        assertEquals(1, other.router().relayCount(), "the client's node relays it");
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
        // sb0 sorts before sb1, so sb0 is the node that dials the link between them
        TlsOptions sb0 = f.nodeTls(f.relay.cloud, "sb0", Usage.SWITCHBOX_NODE);
        f.putKey("nodes/sb0", "{\"peer\":\"127.0.0.1:1\",\"fingerprint\":\"" + f.fingerprint(sb0) + "\"}");
        assertEquals(preamble, f.peerAnswer(peer, sb0), "a node certificate of the cloud organization, as recorded");
        assertRefused(f.peerAnswer(peer, null), "no client certificate");
        assertRefused(f.peerAnswer(peer, f.nodeTls(f.relay.home, "sb0", Usage.SWITCHBOX_NODE)),
                "a node certificate of another organization");
        assertRefused(f.peerAnswer(peer, f.clientTls(f.relay.cloud, "gina3.pekkahome")),
                "a device certificate of the cloud organization");
        assertRefused(f.peerAnswer(peer, f.clientTls(f.relay.cloud, "pekka")),
                "a home server's uplink certificate of the cloud organization");
        assertRefused(f.peerAnswer(peer, f.nodeTls(f.relay.cloud, "sb0", Usage.SERVER_AND_CLIENT)),
                "a server-and-client certificate of the cloud organization without the node marker");
        assertRefused(f.peerAnswer(peer, f.nodeTls(f.relay.cloud, "sa0", Usage.SWITCHBOX_NODE)),
                "a node certificate of a node without a record in the registry");
        TlsOptions sb00 = f.nodeTls(f.relay.cloud, "sb00", Usage.SWITCHBOX_NODE);
        f.putKey("nodes/sb00", "{\"peer\":\"127.0.0.1:1\",\"fingerprint\":\"" + f.fingerprint(sb0) + "\"}");
        assertRefused(f.peerAnswer(peer, sb00), "a node certificate whose fingerprint is not the one in its record");
        TlsOptions sb2 = f.nodeTls(f.relay.cloud, "sb2", Usage.SWITCHBOX_NODE);
        f.putKey("nodes/sb2", "{\"peer\":\"127.0.0.1:1\",\"fingerprint\":\"" + f.fingerprint(sb2) + "\"}");
        assertRefused(f.peerAnswer(peer, sb2), "node sb2 dialing sb1: the node whose id sorts first dials");
    }

    @Test
    void aNewerLinkFromTheDialingNodeReplacesTheOlderOne() throws Exception {
        SwitchboxServer node = f.node("sb1");
        ClusterNode sb1 = node.cluster().orElseThrow();
        TlsOptions sb0 = f.nodeTls(f.relay.cloud, "sb0", Usage.SWITCHBOX_NODE);
        f.putKey("nodes/sb0", "{\"peer\":\"127.0.0.1:1\",\"fingerprint\":\"" + f.fingerprint(sb0) + "\"}");
        TlsConnection older = f.peerLink(sb1.peerPort(), sb0);
        ClusterFixture.awaitLinks(List.of(sb1), "sb1 holds the link sb0 dialed", () -> sb1.links().containsKey("sb0"));
        Tunnel first = sb1.links().get("sb0");
        f.peerLink(sb1.peerPort(), sb0); // sb0 dials again before sb1 noticed the first link's end
        TunnelFrame frame;
        do {
            frame = TunnelCodec.read(older.socket().getInputStream(), 1 << 20);
        } while (frame instanceof TunnelFrame.Ping);
        TunnelClose closed = assertInstanceOf(TunnelClose.class, frame);
        assertTrue(closed.text().contains("replaced by a newer link with node sb0"), closed.text());
        assertFalse(first.isOpen());
        assertEquals(1, sb1.links().size(), "one link per pair of nodes");
        assertTrue(sb1.links().get("sb0").isOpen());
    }

    @Test
    void threeNodesHaveThreeLinksEachCarryingForwardedClientsBothWaysAndALostLinkIsMadeAgain() throws Exception {
        SwitchboxServer sb1 = f.node("sb1");
        SwitchboxServer sb2 = f.node("sb2");
        SwitchboxServer sb3 = f.node("sb3");
        List<ClusterNode> all = List.of(sb1.cluster().orElseThrow(), sb2.cluster().orElseThrow(),
                sb3.cluster().orElseThrow());
        ClusterFixture.awaitLinks(all, "every node linked with both others",
                () -> all.stream().allMatch(n -> n.links().size() == 2));
        // one connection per pair: each node holds two link ends (not four), and of each pair exactly one dialed
        for (ClusterNode n : all) {
            assertEquals(2, n.links().size(), n.nodeId() + ": " + n.links().keySet());
        }
        assertEquals(3, all.stream().mapToLong(n -> n.links().keySet().stream().filter(n::dials).count()).sum(),
                "three links among three nodes");
        assertTrue(all.get(0).dials("sb2") && !all.get(1).dials("sb1"), "the node whose id sorts first dials");

        // pekkahome is held on sb1, lab on sb2: a client of each on the other node crosses the sb1-sb2 link
        f.relay.uplink(f.relay.uplinkOptions(sb1.port()).build()).awaitStatus(Uplink.Status::published,
                Duration.ofSeconds(30));
        f.relay.uplink(labUplink(sb2.port())).awaitStatus(Uplink.Status::published, Duration.ofSeconds(30));
        Tunnel link = all.get(0).links().get("sb2");
        RelayFixture.Client toSb1 = f.reach(all.get(1), "pekkahome", sb2.port());
        RelayFixture.Client toSb2 = f.reach(all.get(0), "lab", sb1.port());
        assertEquals("via sb2 to sb1", RelayFixture.echo(toSb1, "via sb2 to sb1"));
        assertEquals("via sb1 to sb2", RelayFixture.echo(toSb2, "via sb1 to sb2"));
        assertTrue(link.isOpen());
        assertEquals(link, all.get(0).links().get("sb2"), "the same link carried both");
        List<Integer> ids = link.streams().stream().map(TunnelStream::id).sorted().toList();
        assertEquals(2, ids.size(), "one stream each way on the sb1-sb2 link: " + ids);
        assertTrue(ids.stream().anyMatch(id -> id % 2 == 1), "sb1 (the dialer) opened an odd stream: " + ids);
        assertTrue(ids.stream().anyMatch(id -> id % 2 == 0), "sb2 (the acceptor) opened an even stream: " + ids);
        for (ClusterNode n : all) {
            assertEquals(2, n.links().size(), n.nodeId() + " still has one link per other node");
        }

        // the link is lost (closed at sb2's end); sb1 dials it again and forwarding works both ways
        all.get(1).links().get("sb1").close(CloseCode.INTERNAL, "test: link lost");
        ClusterFixture.awaitLinks(all, "sb1 and sb2 linked again", () -> {
            Tunnel again = all.get(0).links().get("sb2");
            return again != null && again != link && all.get(1).links().containsKey("sb1");
        });
        assertFalse(link.isOpen());
        RelayFixture.Client again1 = f.reach(all.get(1), "pekkahome", sb2.port());
        RelayFixture.Client again2 = f.reach(all.get(0), "lab", sb1.port());
        assertEquals("again", RelayFixture.echo(again1, "again"));
        assertEquals("again", RelayFixture.echo(again2, "again"));
        for (ClusterNode n : all) {
            assertEquals(2, n.links().size(), n.nodeId() + " after the link was made again");
        }
    }

    /** An uplink publishing {@code lab} (account lab, certificate login) on the node at {@code port}. */
    private org.ioswitch.server.uplink.UplinkOptions labUplink(int port) throws Exception {
        return labUplink(port, labTls("lab"));
    }

    /** As {@link #labUplink(int)} with the client certificate {@code tls} (each certificate is its own identity). */
    private org.ioswitch.server.uplink.UplinkOptions labUplink(int port, TlsOptions tls) throws Exception {
        return f.relay.uplinkOptions(port).tls(tls).account("lab").password(null).networks("lab").build();
    }

    /** A certificate for account lab's name, issued to the home server {@code holder}: an identity of its own. */
    private TlsOptions labTls(String holder) throws Exception {
        return f.relay.cloud.client(f.dir, holder, "lab-uplink").options().trust(f.relay.cloudRoot).build();
    }

    /** Waits until {@code uplink}'s last problem contains {@code text}; returns it. */
    private static String problem(Uplink uplink, String text) throws Exception {
        return uplink.awaitStatus(s -> s.lastProblem().contains(text), Duration.ofSeconds(30)).lastProblem();
    }

    @Test
    void aSecondPublisherIdentityIsRefusedOnEveryNodeWhileTheNetworkIsBoundAndTheOwnerIsWelcomeOnAny()
            throws Exception {
        SwitchboxServer sb1 = f.node("sb1");
        SwitchboxServer sb2 = f.node("sb2");
        TlsOptions ownerTls = labTls("owner");
        TlsOptions intruderTls = labTls("intruder");
        Uplink owner = f.relay.uplink(labUplink(sb1.port(), ownerTls));
        owner.awaitStatus(Uplink.Status::published, Duration.ofSeconds(30));

        Uplink intruder = f.relay.uplink(labUplink(sb2.port(), intruderTls));
        String open = problem(intruder, "is bound to publisher");
        assertTrue(open.contains("network lab is bound to publisher account lab (certificate sha256:")
                && open.contains("whose tunnel is open (on node sb1)"), open);
        intruder.close();

        owner.close(); // the owner's home server restarts: its binding's grace starts, in etcd
        ClusterNode view = sb2.cluster().orElseThrow();
        ClusterFixture.awaitClaims(view, "the owner's claim ended", () -> view.owner("lab").isEmpty());
        for (SwitchboxServer node : List.of(sb1, sb2)) {
            Uplink again = f.relay.uplink(labUplink(node.port(), intruderTls));
            String ended = problem(again, "is bound to publisher");
            assertTrue(ended.contains("after its tunnel ended (ownerGrace 300 s)"), ended);
            assertFalse(again.status().published());
            again.close();
        }
        Uplink back = f.relay.uplink(labUplink(sb2.port(), ownerTls));
        back.awaitStatus(Uplink.Status::published, Duration.ofSeconds(30));
        assertEquals(Optional.of("sb2"), sb1.cluster().orElseThrow().owner("lab").or(() -> view.owner("lab")));
    }

    @Test
    void aBindingOutlivesItsNodeByTheGraceAndThenAnotherPublisherMayTakeTheNetwork() throws Exception {
        SwitchboxOptions shortGrace = f.switchboxOptions().ownerGrace(Duration.ofSeconds(4)).build();
        SwitchboxServer sb1 = f.node("sb1", shortGrace);
        SwitchboxServer sb2 = f.node("sb2", shortGrace);
        Uplink owner = f.relay.uplink(labUplink(sb1.port(), labTls("owner")));
        owner.awaitStatus(Uplink.Status::published, Duration.ofSeconds(30));
        sb1.close(); // the owner's node leaves: nobody renews the binding now, it ends with the grace

        Uplink intruder = f.relay.uplink(labUplink(sb2.port(), labTls("intruder")));
        String refused = problem(intruder, "is bound to publisher account lab");
        // "whose tunnel ended with node sb1: for another N s at most (ownerGrace 4 s)" once sb2 saw sb1's record go
        assertTrue(refused.contains("node sb1"), refused);
        assertFalse(owner.status().published(), "the owner's uplink knows only sb1");
        intruder.awaitStatus(Uplink.Status::published, Duration.ofSeconds(30));
        assertEquals(Optional.of("sb2"), sb2.cluster().orElseThrow().owner("lab"));
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

    @Test
    void aClientOfANetworkWhoseClaimJustWentAwayHearsMovingNotUnknownNetwork() throws Exception {
        // a long lease: "moving" lasts twice the TTL after the claim went, which a loaded machine must not outrun
        SwitchboxServer node = SwitchboxServer.start(f.switchboxOptions().build(),
                f.clusterOptions("sb1").leaseTtl(Duration.ofSeconds(15)).build(), RelayTap.NONE);
        f.relay.cleanup.add(0, node);
        ClusterNode view = node.cluster().orElseThrow();
        f.putKey("networks/leaving", "{\"node\":\"sb9\",\"tunnel\":\"x\"}");
        ClusterFixture.awaitClaims(view, "sb1 sees the claim", () -> view.owner("leaving").isPresent());
        f.deleteKey("networks/leaving"); // its node's lease ended
        ClusterFixture.awaitClaims(view, "sb1 sees the claim go", () -> view.owner("leaving").isEmpty());
        Close moving = assertInstanceOf(Close.class, f.refusal(node.port(), "leaving"));
        assertEquals(CloseCode.MOVING, moving.code(), moving.text());
        assertEquals("network leaving is moving (its node left); retry in 2 s", moving.text());
        Close unknown = assertInstanceOf(Close.class, f.refusal(node.port(), "never-claimed"));
        assertEquals(CloseCode.UNKNOWN_NETWORK, unknown.code(), "a network nobody held is still unknown");
    }

    @Test
    void aNodeThatLostItsClaimAnswersForwardedOpensNotHere() throws Exception {
        SwitchboxServer node = f.node("sb1");
        ClusterNode sb1 = node.cluster().orElseThrow();
        f.relay.uplink(f.relay.uplinkOptions(node.port()).build()).awaitStatus(Uplink.Status::published,
                Duration.ofSeconds(30));
        // a node sb0 forwards clients to sb1 over its link, by hand
        TlsOptions sb0 = f.nodeTls(f.relay.cloud, "sb0", Usage.SWITCHBOX_NODE);
        f.putKey("nodes/sb0", "{\"peer\":\"127.0.0.1:1\",\"fingerprint\":\"" + f.fingerprint(sb0) + "\"}");
        TlsConnection link = f.peerLink(sb1.peerPort(), sb0);
        assertInstanceOf(StreamData.class, forward(link, 1), "the owner answers HERE and relays");

        // as after a hang beyond the TTL: the claim is another node's now, while sb1 still has the tunnel
        f.putKey("networks/pekkahome", "{\"node\":\"sb2\",\"tunnel\":\"elsewhere\"}");
        TunnelFrame.StreamClose notHere = assertInstanceOf(TunnelFrame.StreamClose.class, forward(link, 3));
        assertEquals(CloseCode.NOT_HERE, notHere.code(), notHere.text());
        assertEquals("network pekkahome is not held by node sb1", notHere.text());
    }

    /** Opens stream {@code id} for pekkahome on a hand-dialed link and returns the owner's verdict frame. */
    private static TunnelFrame forward(TlsConnection link, int id) throws Exception {
        java.io.OutputStream out = link.socket().getOutputStream();
        out.write(TunnelCodec.encode(new StreamOpen(id, "pekkahome", "10.0.0.7", 51234, "TLSv1.3", "x", "VERIFIED",
                "")));
        out.write(TunnelCodec.encode(new TunnelFrame.StreamCredit(id, 65_536)));
        out.flush();
        while (true) {
            TunnelFrame frame = TunnelCodec.read(link.socket().getInputStream(), 1 << 20);
            if (frame instanceof StreamData d && d.streamId() == id) {
                assertArrayEquals(new byte[] {0x48}, d.bytes(), "the owner's HERE byte");
                return d;
            }
            if (frame instanceof TunnelFrame.StreamClose c && c.streamId() == id || frame instanceof TunnelClose) {
                return frame;
            }
        }
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
