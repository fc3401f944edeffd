package org.ioswitch.server.uplink;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.tunnel.TunnelFrame;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.tunnel.TunnelFrame.StreamData;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink against a scripted switchbox (real TLS on loopback, frames written by hand): a frame the home end must
 * not receive, in each of its states, ends that attempt with PROTOCOL_ERROR naming frame and state, told to the
 * switchbox and shown in the uplink's status.
 */
class UplinkProtocolErrorTest {
    private static final HelloAck ACK = new HelloAck(Hello.VERSION, WireLimits.DEFAULT_FRAME_SIZE, 0, 5000);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private TestOrg cloud;
    private ServerSocket listener;
    private TlsServerContext tls;

    @BeforeEach
    void switchboxCertificate() throws Exception {
        cloud = TestOrg.create(dir, "iocafe");
        tls = TlsServerContext.open(cloud.server(dir, "switchbox", "switchbox").options()
                .requiredLevel(SecurityLevel.TLS).clientCertificates(ClientCertificates.NONE).build());
        cleanup.add(tls);
        listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        cleanup.add(listener);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    /** What the scripted switchbox does after the uplink's HELLO, with the connection's streams. */
    private interface Script {
        Object run(InputStream in, OutputStream out, FrameReader reader, FrameWriter writer) throws Exception;
    }

    /** Accepts one uplink, reads its hello and runs {@code script} on it; completes with what the script returns. */
    private CompletableFuture<Object> switchbox(Script script) {
        return CompletableFuture.supplyAsync(() -> {
            try (TlsConnection c = tls.accept(listener.accept(), WAIT)) {
                c.socket().setSoTimeout((int) WAIT.toMillis());
                InputStream in = c.socket().getInputStream();
                OutputStream out = c.socket().getOutputStream();
                FrameReader.readHello(in);
                return script.run(in, out, new FrameReader(in, WireLimits.DEFAULT), new FrameWriter(out));
            } catch (Exception e) {
                return e;
            }
        }, OwnThread.EXECUTOR);
    }

    /** An uplink to the scripted switchbox that retries only after a minute: one attempt per test. */
    private Uplink uplink() throws Exception {
        UplinkOptions options = UplinkOptions.builder().host("127.0.0.1").port(listener.getLocalPort())
                .tls(cloud.trusting().build()).account("pekka").password("pekka-uplink-pw").networks("pekkahome")
                .reconnectMin(Duration.ofMinutes(1)).reconnectMax(Duration.ofMinutes(2)).connectTimeout(WAIT).build();
        Uplink uplink = new Uplink(options, (socket, client) -> socket.close());
        cleanup.add(0, uplink);
        uplink.start();
        return uplink;
    }

    /** The scripted switchbox's part up to AUTH_OK: HELLO_ACK, the uplink's AUTH, AUTH_OK. */
    private static void authenticate(FrameReader reader, FrameWriter writer) throws Exception {
        writer.write(ACK);
        writer.flush();
        assertInstanceOf(Auth.class, reader.next());
        writer.write(new AuthOk("pekka", Set.of()));
        writer.flush();
    }

    @Test
    void aSecondHelloAckDuringAuthIsAProtocolError() throws Exception {
        CompletableFuture<Object> box = switchbox((in, out, reader, writer) -> {
            writer.write(ACK);
            writer.flush();
            assertInstanceOf(Auth.class, reader.next());
            writer.write(ACK);
            writer.flush();
            return reader.next();
        });
        Uplink uplink = uplink();
        String expected = "HELLO_ACK is not allowed in state AUTH (uplink)";
        Uplink.Status s = uplink.awaitStatus(st -> st.lastProblem().contains(expected), WAIT);
        assertTrue(s.lastProblem().contains(expected) && !s.published(), s.toString());
        Close told = assertInstanceOf(Close.class, box.get(WAIT.toSeconds(), SECONDS));
        assertEquals(CloseCode.PROTOCOL_ERROR, told.code());
        assertEquals(expected, told.text());
    }

    @Test
    void streamDataBeforePublishedIsAProtocolErrorToldWithTunnelClose() throws Exception {
        CompletableFuture<Object> box = switchbox((in, out, reader, writer) -> {
            authenticate(reader, writer);
            assertInstanceOf(Publish.class, TunnelCodec.read(in, 1 << 20));
            out.write(TunnelCodec.encode(new StreamData(1, new byte[] {1, 2, 3})));
            out.flush();
            return TunnelCodec.read(in, 1 << 20);
        });
        Uplink uplink = uplink();
        String expected = "STREAM_DATA is not allowed in state PUBLISHING (home server end)";
        Uplink.Status s = uplink.awaitStatus(st -> st.lastProblem().contains(expected), WAIT);
        assertTrue(!s.published(), s.toString());
        TunnelClose told = assertInstanceOf(TunnelClose.class, box.get(WAIT.toSeconds(), SECONDS));
        assertEquals(CloseCode.PROTOCOL_ERROR, told.code());
        assertEquals(expected, told.text());
    }

    @Test
    void aSecondPublishedOnARunningTunnelClosesIt() throws Exception {
        CompletableFuture<Object> box = switchbox((in, out, reader, writer) -> {
            authenticate(reader, writer);
            Publish publish = (Publish) TunnelCodec.read(in, 1 << 20);
            out.write(TunnelCodec.encode(new Publish(true, publish.networks())));
            out.write(TunnelCodec.encode(new Publish(true, publish.networks())));
            out.flush();
            // the running tunnel may ping first; its answer to the second PUBLISHED is a TUNNEL_CLOSE
            for (TunnelFrame f = TunnelCodec.read(in, 1 << 20); f != null; f = TunnelCodec.read(in, 1 << 20)) {
                if (f instanceof TunnelClose) {
                    return f;
                }
            }
            return null;
        });
        Uplink uplink = uplink();
        String expected = "PUBLISHED is not allowed in state RUNNING (home server end)";
        Uplink.Status s = uplink.awaitStatus(st -> st.lastProblem().contains(expected), WAIT);
        assertTrue(s.publishes() == 1 && !s.published(), s.toString());
        TunnelClose told = assertInstanceOf(TunnelClose.class, box.get(WAIT.toSeconds(), SECONDS));
        assertEquals(CloseCode.PROTOCOL_ERROR, told.code());
        assertEquals(expected, told.text());
    }
}
