package org.ioswitch.switchbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.tunnel.TunnelFrame;
import org.ioswitch.common.tunnel.TunnelFrame.Ping;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.server.uplink.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitsTest {
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

    /** Reads until the peer ends the connection; returns normally on EOF or reset, within 10 s. */
    static void awaitEnd(InputStream in) throws Exception {
        CompletableFuture<Void> end = CompletableFuture.runAsync(() -> {
            try {
                while (in.read() >= 0) {
                    // discard until the end
                }
            } catch (IOException e) {
                // closed by the switchbox
            }
        }, OwnThread.EXECUTOR);
        end.get(10, SECONDS);
    }

    static TunnelFrame nextTunnelFrame(InputStream in, Class<?> wanted) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                TunnelFrame frame;
                do {
                    frame = TunnelCodec.read(in, 1 << 20);
                } while (frame != null && !wanted.isInstance(frame));
                return frame;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, OwnThread.EXECUTOR).get(10, SECONDS);
    }

    @Test
    void clientThatSendsNoHelloIsDroppedAfterTheHelloTimeout() throws Exception {
        // 3 s, not less: the publisher below must finish TLS, hello, AUTH (a password hash) and PUBLISH within it on a
        // loaded 2-core machine
        f.start(f.options().helloTimeout(Duration.ofSeconds(3)).build());
        TlsClientContext ctx = TlsClientContext.open(TlsOptions.builder().trust(f.cloudRoot).build());
        f.cleanup.add(ctx);
        TlsConnection silent = ctx.connect("127.0.0.1", f.switchbox.port(), Duration.ofSeconds(5));
        f.cleanup.add(0, silent);
        silent.socket().getOutputStream().write(new byte[] {'I', 'O', 'S'}); // slowloris: a few bytes, then nothing
        silent.socket().getOutputStream().flush();
        awaitEnd(silent.socket().getInputStream());
        // a client that sends its hello in time is served under the same limit
        f.publishedUplink();
        assertEquals("in time", RelayFixture.echo(f.endToEnd("pekkahome"), "in time"));
    }

    @Test
    void streamsBeyondMaxStreamsPerTunnelAreRefused() throws Exception {
        f.start(f.options().tunnel(TunnelOptions.builder().maxStreams(2).build()).build());
        f.publishedUplink();
        RelayFixture.Client one = f.endToEnd("pekkahome");
        RelayFixture.Client two = f.endToEnd("pekkahome");
        Close refused = (Close) RelayTest.readFrame(f.client("pekkahome", false));
        assertEquals(CloseCode.LIMIT, refused.code());
        assertTrue(refused.text().contains("maximum of 2 streams (maxStreamsPerTunnel)"), refused.text());
        assertEquals("one", RelayFixture.echo(one, "one"));
        assertEquals("two", RelayFixture.echo(two, "two"));
    }

    @Test
    void opensBeyondMaxPendingOpensAreRefused() throws Exception {
        f.start(f.options().maxPendingOpens(1).build());
        // A home server that never accepts a stream (never grants credit).
        TlsConnection publisher = f.scriptedPublisher("pekka", RelayFixture.PASSWORD, "pekkahome");
        f.client("pekkahome", false);
        assertEquals(StreamOpen.class, nextTunnelFrame(publisher.socket().getInputStream(), StreamOpen.class).getClass());
        Close refused = (Close) RelayTest.readFrame(f.client("pekkahome", false));
        assertEquals(CloseCode.LIMIT, refused.code());
        assertTrue(refused.text().contains("1 streams already wait for the home server (maxPendingOpens)"),
                refused.text());
    }

    @Test
    void tunnelFrameAboveMaxFrameSizeClosesTheTunnel() throws Exception {
        f.start(f.options().tunnel(TunnelOptions.builder().maxFrameSize(4096).build()).build());
        TlsConnection publisher = f.scriptedPublisher("pekka", RelayFixture.PASSWORD, "pekkahome");
        var out = publisher.socket().getOutputStream();
        // within the limit: answered
        out.write(TunnelCodec.encode(new Ping(false, 7)));
        out.flush();
        Ping pong;
        do {
            pong = (Ping) nextTunnelFrame(publisher.socket().getInputStream(), Ping.class);
        } while (!pong.pong()); // the switchbox's own keepalive pings come too
        assertEquals(7, pong.token());
        // above it: the tunnel is closed with a reason
        out.write(TunnelCodec.encode(new TunnelFrame.StreamData(1, new byte[5000])));
        out.flush();
        TunnelClose close = (TunnelClose) nextTunnelFrame(publisher.socket().getInputStream(), TunnelClose.class);
        assertEquals(CloseCode.FRAME_TOO_LARGE, close.code());
        assertEquals("STREAM_DATA: frame length 5004 exceeds limit 4096", close.text());
    }

    @Test
    void idleRelayedStreamIsClosedAfterTheIdleTimeout() throws Exception {
        f.start(f.options().idleTimeout(Duration.ofSeconds(2)).build());
        f.publishedUplink();
        RelayFixture.Client c = f.endToEnd("pekkahome");
        assertEquals("busy", RelayFixture.echo(c, "busy"));
        awaitEnd(c.in);
        assertEquals(0, f.switchbox.router().relayCount());
    }

    @Test
    void accountWithAClientCertificatePublishesAndAForeignCertificateIsRefused() throws Exception {
        f.start(f.options().build());
        TlsOptions labTls = f.cloud.client(f.dir, "lab", "lab-uplink").options().trust(f.cloudRoot).build();
        Uplink good = f.uplink(f.uplinkOptions().tls(labTls).account("lab").password(null).networks("lab").build());
        good.awaitStatus(Uplink.Status::published, Duration.ofSeconds(10));

        TlsOptions strangerTls = f.cloud.client(f.dir, "s", "stranger").options().trust(f.cloudRoot).build();
        Uplink bad = f.uplink(f.uplinkOptions().tls(strangerTls).account("lab").password(null).networks("lab")
                .build());
        Uplink.Status s = bad.awaitStatus(x -> x.lastProblem().contains("AUTH_FAILED"), Duration.ofSeconds(10));
        assertTrue(s.lastProblem().contains("account lab: certificate authentication failed"), s.lastProblem());
        assertTrue(good.status().published());
    }

    @Test
    void optionsNameTheFieldThatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.options().maxPendingOpens(0).build());
        assertEquals("maxPendingOpens must be > 0, was 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> f.options().tunnel(TunnelOptions.builder().maxFrameSize(100).build()).build());
        assertEquals("maxFrameSize must be 4096..16777216, was 100", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.options().helloTimeout(Duration.ZERO).build());
        assertEquals("helloTimeout must be > 0, was PT0S", e.getMessage());
    }
}
