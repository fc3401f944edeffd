package org.ioswitch.switchbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.common.testing.Ports;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.tunnel.TunnelFrame;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.ListDevices;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.uplink.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayTest {
    @TempDir
    Path dir;
    RelayFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new RelayFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    static Frame readFrame(RelayFixture.Client c) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new FrameReader(c.outer.socket().getInputStream(), WireLimits.DEFAULT).next();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, OwnThread.EXECUTOR).get(10, SECONDS);
    }

    @Test
    void endToEndBytesFlowBothWaysAndTheSwitchboxSeesOnlyCiphertext() throws Exception {
        f.start(f.options().build());
        f.publishedUplink();
        RelayFixture.Client c = f.endToEnd("pekkahome");
        String secret = "password=hunter2-inner led=1 temperature=21.5";
        assertEquals(secret, RelayFixture.echo(c, secret));
        String big = "x".repeat(200_000) + "end";
        assertEquals(big, RelayFixture.echo(c, big));
        String seen = f.tapped();
        assertTrue(seen.length() > 200_000, "the tap saw the relayed bytes: " + seen.length());
        assertTrue(seen.contains("pekkahome"), "the routing hello is visible to the switchbox, by design");
        assertFalse(seen.contains("hunter2"), "the switchbox relayed a password in the clear");
        assertFalse(seen.contains("temperature=21.5"), "the switchbox relayed a signal value in the clear");
        assertFalse(seen.contains("xxxxxxxxxxxxxxxx"), "the switchbox relayed bulk data in the clear");
    }

    @Test
    void relayClearIsTheExplicitOptionAndTheSwitchboxThenSeesPlaintext() throws Exception {
        f.start(f.options().build());
        f.publishedUplink();
        RelayFixture.Client c = f.client("pekkahome", true);
        assertEquals("hello in the clear", RelayFixture.echo(c, "hello in the clear"));
        assertTrue(f.tapped().contains("hello in the clear"));
    }

    @Test
    void unknownNetworkIsRefusedAtOnceWithAReason() throws Exception {
        f.start(f.options().build());
        f.publishedUplink();
        Close close = (Close) readFrame(f.client("nosuchhome", false));
        assertEquals(CloseCode.UNKNOWN_NETWORK, close.code());
        assertEquals("network \"nosuchhome\" is not published on this switchbox", close.text());
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        f.start(f.options().build());
        Uplink uplink = f.uplink(f.uplinkOptions().password("wrong").build());
        Uplink.Status s = uplink.awaitStatus(x -> x.lastProblem().contains("AUTH_FAILED"), Duration.ofSeconds(10));
        assertFalse(s.published());
        assertTrue(s.lastProblem().contains("account pekka: password authentication failed"), s.lastProblem());
        assertEquals(CloseCode.UNKNOWN_NETWORK, ((Close) readFrame(f.client("pekkahome", false))).code());
    }

    @Test
    void networkOutsideTheAccountIsRefused() throws Exception {
        f.start(f.options().build());
        Uplink uplink = f.uplink(f.uplinkOptions().networks("pekkahome", "lab").build());
        Uplink.Status s = uplink.awaitStatus(x -> x.lastProblem().contains("NOT_AUTHORIZED"), Duration.ofSeconds(10));
        assertTrue(s.lastProblem().contains("account pekka may not publish network lab (allowed: pekkahome)"),
                s.lastProblem());
        assertFalse(f.switchbox.router().tunnels().stream().anyMatch(t -> t.isOpen()));
    }

    @Test
    void secondPublisherIsRefusedWhileTheFirstIsLive() throws Exception {
        f.start(f.options().build());
        Uplink first = f.publishedUplink();
        Uplink second = f.uplink(f.uplinkOptions().build());
        Uplink.Status s = second.awaitStatus(x -> x.lastProblem().contains("LIMIT"), Duration.ofSeconds(10));
        assertTrue(s.lastProblem().contains("network pekkahome already has a live tunnel"), s.lastProblem());
        assertTrue(first.status().published());
        assertEquals("still served", RelayFixture.echo(f.endToEnd("pekkahome"), "still served"));
        assertEquals(1, first.status().publishes());
    }

    @Test
    void deadTunnelIsDetectedByKeepaliveAndReplaced() throws Exception {
        f.start(f.options().tunnel(TunnelOptions.builder().keepaliveInterval(Duration.ofMillis(200))
                .keepaliveTimeout(Duration.ofMillis(1500)).build()).build());
        // Publishes, then never answers a ping again: a home server whose line went dead without a FIN.
        f.scriptedPublisher("pekka", RelayFixture.PASSWORD, "pekkahome");
        Uplink replacement = f.uplink(f.uplinkOptions().build());
        replacement.awaitStatus(Uplink.Status::published, Duration.ofSeconds(10));
        assertEquals("via the replacement", RelayFixture.echo(f.endToEnd("pekkahome"), "via the replacement"));
    }

    @Test
    void uplinkRepublishesAfterASwitchboxRestart() throws Exception {
        int port = Ports.restartable();
        SwitchboxServer box = f.start(f.options().port(port).build());
        Uplink uplink = f.publishedUplink();
        box.close();
        uplink.awaitStatus(s -> !s.published(), Duration.ofSeconds(10));
        f.start(f.options().port(port).build());
        uplink.awaitStatus(s -> s.published() && s.publishes() == 2, Duration.ofSeconds(10));
        assertEquals("after restart", RelayFixture.echo(f.endToEnd("pekkahome"), "after restart"));
    }

    @Test
    void aStuckClientDoesNotStallAnotherClientOnTheSameTunnel() throws Exception {
        f.start(f.options().build());
        f.publishedUplink();
        RelayFixture.Client stuck = f.endToEnd("pekkahome");
        stuck.out.write("flood".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        stuck.out.flush();
        // The home server now writes to the stuck client without end; the client never reads.
        RelayFixture.Client live = f.endToEnd("pekkahome");
        String big = "y".repeat(1_000_000);
        assertEquals(big, RelayFixture.echo(live, big));
        assertEquals("still fine", RelayFixture.echo(live, "still fine"));
    }

    /** Says HELLO as a publisher of pekkahome and takes the HELLO_ACK; the writer for what the test sends next. */
    private static FrameWriter helloAsPublisher(RelayFixture.Client c) throws Exception {
        FrameWriter w = new FrameWriter(c.outer.socket().getOutputStream());
        w.writeHello(new Hello(Hello.VERSION, Role.SERVICE, "pekkahome", 0, TunnelOptions.DEFAULT_MAX_FRAME_SIZE));
        w.flush();
        assertInstanceOf(HelloAck.class, readFrame(c));
        return w;
    }

    /** A TLS connection to the switchbox on which the test writes whatever it likes. */
    private TlsConnection connectRaw() throws Exception {
        TlsClientContext ctx = TlsClientContext.open(TlsOptions.builder().trust(f.cloudRoot).build());
        f.cleanup.add(ctx);
        TlsConnection conn = ctx.connect("127.0.0.1", f.switchbox.port(), Duration.ofSeconds(5));
        f.cleanup.add(0, conn);
        return conn;
    }

    @Test
    void badPreambleIsRefusedWithProtocolError() throws Exception {
        f.start(f.options().build());
        TlsConnection conn = connectRaw();
        conn.socket().getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        conn.socket().getOutputStream().flush();
        Frame frame = readFrame(new RelayFixture.Client(conn, conn.socket().getInputStream(), null));
        assertInstanceOf(Close.class, frame);
        assertEquals(CloseCode.PROTOCOL_ERROR, ((Close) frame).code());
        assertTrue(((Close) frame).text().contains("bad preamble"), ((Close) frame).text());
    }

    @Test
    void aPublisherThatSendsAnotherFrameInsteadOfAuthIsRefusedNamingFrameAndState() throws Exception {
        f.start(f.options().build());
        TlsConnection conn = connectRaw();
        RelayFixture.Client c = new RelayFixture.Client(conn, conn.socket().getInputStream(), null);
        FrameWriter w = helloAsPublisher(c);
        w.write(new ListDevices());
        w.flush();
        Frame frame = readFrame(c);
        assertInstanceOf(Close.class, frame);
        assertEquals(CloseCode.PROTOCOL_ERROR, ((Close) frame).code());
        assertEquals("LIST_DEVICES is not allowed in state AUTH (switchbox)", ((Close) frame).text());
    }

    @Test
    void aPublisherThatOpensAStreamInsteadOfPublishingIsRefusedNamingFrameAndState() throws Exception {
        f.start(f.options().build());
        TlsConnection conn = connectRaw();
        RelayFixture.Client c = new RelayFixture.Client(conn, conn.socket().getInputStream(), null);
        FrameWriter w = helloAsPublisher(c);
        w.write(new Auth("pekka", CredentialKind.PASSWORD,
                RelayFixture.PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8), ""));
        w.flush();
        assertInstanceOf(AuthOk.class, readFrame(c));
        conn.socket().getOutputStream().write(TunnelCodec.encode(
                new TunnelFrame.StreamOpen(1, "pekkahome", "10.0.0.7", 1, "TLSv1.3", "x", "TLS", "")));
        conn.socket().getOutputStream().flush();
        TunnelFrame answer = CompletableFuture.supplyAsync(() -> {
            try {
                return TunnelCodec.read(conn.socket().getInputStream(), TunnelOptions.DEFAULT_MAX_FRAME_SIZE);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, OwnThread.EXECUTOR).get(10, SECONDS);
        TunnelFrame.TunnelClose close = (TunnelFrame.TunnelClose) answer;
        assertEquals(CloseCode.PROTOCOL_ERROR, close.code());
        assertEquals("STREAM_OPEN is not allowed in state PUBLISHING (switchbox end)", close.text());
    }
}
