package org.ioswitch.switchbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.testing.Await;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.server.uplink.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home server listing several switchbox addresses starts at a random one and then sticks to the one it published
 * on: a tunnel that the switchbox ends for a reason other than leaving (SHUTDOWN), losing the network (MOVING) or
 * going silent is published again on the same switchbox; only when that one fails does the uplink move. Two single
 * switchboxes of one cloud organization stand in for cluster nodes: what is tested is the uplink's choice, over real
 * TLS on loopback.
 */
class UplinkStickinessTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private RelayFixture f;
    private SwitchboxServer one;
    private SwitchboxServer two;

    @BeforeEach
    void setUp() throws Exception {
        f = new RelayFixture(dir);
        one = f.start(f.options().build());
        two = SwitchboxServer.start(f.options().build());
        f.cleanup.add(0, two);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void aTunnelTheSwitchboxEndsIsPublishedAgainOnTheSameSwitchboxUntilItFails() throws Exception {
        // Reconnecting after half a second or more: the switchbox drops its claim of the ended tunnel long before (a
        // reconnect that beat it would be refused "already has a live tunnel", a failure, and move on).
        Uplink uplink = f.uplink(f.uplinkOptions(one.port()).connectTimeout(WAIT).reconnectMin(Duration.ofSeconds(1))
                .reconnectMax(Duration.ofSeconds(2)).alternates(List.of(address(two))).build());
        uplink.awaitStatus(Uplink.Status::published, WAIT);
        HostPort first = uplink.publishedOn().orElseThrow();
        SwitchboxServer sticky = first.equals(address(one)) ? one : two;
        SwitchboxServer other = sticky == one ? two : one;
        assertEquals(address(sticky), first);

        // Four ends by the switchbox (a random pick would stay on the same one all four times 1 in 16).
        int publishes = uplink.status().publishes();
        for (CloseCode code : List.of(CloseCode.NORMAL, CloseCode.NOT_AUTHORIZED, CloseCode.LIMIT,
                CloseCode.PROTOCOL_ERROR)) {
            tunnelOn(sticky).close(code, "ended by the test");
            int expected = ++publishes;
            Uplink.Status s = uplink.awaitStatus(st -> st.published() && st.publishes() == expected, WAIT);
            assertEquals(first, uplink.publishedOn().orElseThrow(), "after " + code + ": " + s);
            assertTrue(other.router().tunnels().isEmpty(), "after " + code + " the other switchbox got a tunnel");
        }

        sticky.close(); // it leaves (SHUTDOWN), and is gone for the reconnect: the uplink moves
        int expected = publishes + 1;
        uplink.awaitStatus(st -> st.published() && st.publishes() == expected, WAIT);
        assertEquals(address(other), uplink.publishedOn().orElseThrow());
        assertEquals("still here", RelayFixture.echo(f.endToEnd(SwitchboxFixture.NETWORK, other.port()),
                "still here"));
    }

    private static HostPort address(SwitchboxServer s) {
        return new HostPort("127.0.0.1", s.port());
    }

    /** The one tunnel {@code s} holds (the uplink may see PUBLISHED a moment before the router lists it). */
    private static Tunnel tunnelOn(SwitchboxServer s) throws InterruptedException {
        Await.until(WAIT, "a tunnel on the switchbox", () -> open(s).size() == 1);
        return open(s).get(0);
    }

    private static List<Tunnel> open(SwitchboxServer s) {
        return s.router().tunnels().stream().filter(Tunnel::isOpen).toList();
    }
}
