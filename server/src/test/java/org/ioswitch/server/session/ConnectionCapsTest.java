package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Role;
import org.ioswitch.server.account.AccountKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 3 of the abuse review: connections are capped in all and per address while unauthenticated; over a cap a
 * connection is closed at once (long before the 30 s handshake deadline here) and counted, and the others go on.
 */
class ConnectionCapsTest {
    @TempDir
    Path dir;
    private ServerFixture f;
    private final List<Socket> idle = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        f = new ServerFixture(dir).account("home", "alice", AccountKind.USER, "alice-pw");
        f.start(f.options().handshakeTimeout(Duration.ofSeconds(30)).helloTimeout(Duration.ofSeconds(30))
                .caps(new ConnectionCaps.Limits(4, 2)).build());
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Socket s : idle) {
            s.close();
        }
        f.close();
    }

    @Test
    void unauthenticatedConnectionsPerAddressAndInAllAreCapped() throws Exception {
        idle.add(connect("127.0.0.1"));
        idle.add(connect("127.0.0.1"));
        assertRefusedAtOnce(connect("127.0.0.1"));
        assertEquals(1, f.server.caps().refusedPerAddress());

        try (ScriptedPeer other = ScriptedPeer.connectFrom(f, "127.0.0.2")) {
            other.hello(Role.OPERATOR, "home");
            other.expect(HelloAck.class);
            other.auth("alice", "alice-pw");
            other.expect(AuthOk.class);
            idle.add(connect("127.0.0.3"));
            // 2 idle from .1, a live link from .2, 1 idle from .3: the cap of 4 is full for everyone.
            assertRefusedAtOnce(connect("127.0.0.4"));
            assertEquals(1, f.server.caps().refusedTotal());
        }
        String metrics = f.server.metricsText();
        assertTrue(metrics.contains("ioswitch_connections_capped_total{cap=\"total\"} 1"), metrics);
        assertTrue(metrics.contains("ioswitch_connections_capped_total{cap=\"per_address\"} 1"), metrics);
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", f.port()), 10_000);
        return s;
    }

    /** The server closes it without a byte: end of stream well within the 30 s the server would otherwise wait. */
    private static void assertRefusedAtOnce(Socket s) throws IOException {
        try (s) {
            s.setSoTimeout(20_000);
            assertEquals(-1, s.getInputStream().read());
        }
    }
}
