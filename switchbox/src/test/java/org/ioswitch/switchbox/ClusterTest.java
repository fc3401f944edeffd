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
import org.ioswitch.common.tunnel.TunnelFrame;
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
}
