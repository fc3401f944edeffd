package org.ioswitch.common.link;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.PairingPending;
import org.ioswitch.common.wire.Ping;
import org.ioswitch.common.wire.Pong;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.TrustBundle;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.common.wire.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client handshake against a scripted server on loopback: the server's side is written frame by frame with the
 * real FrameWriter, and what the client sends back is recorded.
 */
class ClientHandshakeTest {
    private static final HelloAck ACK = new HelloAck(Hello.VERSION, WireLimits.DEFAULT_FRAME_SIZE, 0, 1000);
    private static final Auth PASSWORD = new Auth("alice", CredentialKind.PASSWORD,
            "pw".getBytes(StandardCharsets.UTF_8), "");

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private ServerSocket listener;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    /** A server that reads the hello, writes {@code script} and then records every frame the client sends. */
    private CompletableFuture<List<Frame>> server(Frame... script) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        cleanup.add(listener);
        return CompletableFuture.supplyAsync(() -> {
            List<Frame> received = new ArrayList<>();
            try (Socket s = listener.accept()) {
                s.setSoTimeout(10_000);
                FrameReader.readHello(s.getInputStream());
                FrameWriter w = new FrameWriter(s.getOutputStream());
                for (Frame f : script) {
                    w.write(f);
                }
                w.flush();
                FrameReader r = new FrameReader(s.getInputStream(), WireLimits.DEFAULT);
                for (Frame f = r.next(); f != null; f = r.next()) {
                    received.add(f);
                    if (f instanceof Close) {
                        break;
                    }
                }
            } catch (IOException e) {
                // the client closed: what was received is the answer
            }
            return received;
        }, OwnThread.EXECUTOR);
    }

    private ClientHandshake client(Receiver receiver, Duration deadline) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        cleanup.add(0, s);
        return new ClientHandshake(s, new FrameReader(s.getInputStream(), WireLimits.DEFAULT),
                new FrameWriter(s.getOutputStream()), Deadline.after(deadline), "server test", "alice", receiver);
    }

    private static Hello hello(Role role) {
        return new Hello(Hello.VERSION, role, "pekkahome", 0, WireLimits.DEFAULT_FRAME_SIZE);
    }

    @Test
    void helloAndAuthReturnTheServersAnswers() throws Exception {
        CompletableFuture<List<Frame>> server = server(ACK, new AuthOk("alice", Set.of()));
        ClientHandshake h = client(Receiver.OPERATOR, Duration.ofSeconds(10));
        HelloAck ack = h.hello(hello(Role.OPERATOR), false, "");
        assertEquals(1000, ack.keepaliveMillis());
        assertEquals("alice", h.authenticate(PASSWORD, ack, null).identity());
        h.finish();
        ((Socket) cleanup.get(0)).close();
        assertInstanceOf(Auth.class, server.get(10, SECONDS).get(0));
    }

    @Test
    void aFrameTheClientMustNotReceiveIsAProtocolErrorNamingFrameAndStateAndIsToldToTheServer() throws Exception {
        CompletableFuture<List<Frame>> server = server(new Data(1, 1, Data.COMPLETE, List.of()));
        ClientHandshake h = client(Receiver.DEVICE, Duration.ofSeconds(10));
        WireException e = assertThrows(WireException.class, () -> h.hello(hello(Role.DEVICE), false, ""));
        assertEquals(CloseCode.PROTOCOL_ERROR, e.code());
        assertEquals("server test: DATA is not allowed in state HELLO (device)", e.getMessage());
        Close told = (Close) server.get(10, SECONDS).get(0);
        assertEquals(CloseCode.PROTOCOL_ERROR, told.code());
        assertEquals("DATA is not allowed in state HELLO (device)", told.text());
    }

    @Test
    void theUplinkRefusesATrustBundleDuringAuth() throws Exception {
        server(ACK, new TrustBundle(List.of()));
        ClientHandshake h = client(Receiver.UPLINK, Duration.ofSeconds(10));
        HelloAck ack = h.hello(hello(Role.SERVICE), false, "");
        WireException e = assertThrows(WireException.class, () -> h.authenticate(PASSWORD, ack, null));
        assertEquals("server test: TRUST_BUNDLE is not allowed in state AUTH (uplink)", e.getMessage());
    }

    @Test
    void aCloseIsARefusalNamingStepCodeAndText() throws Exception {
        server(ACK, new Close(CloseCode.AUTH_FAILED, "wrong password for alice"));
        ClientHandshake h = client(Receiver.OPERATOR, Duration.ofSeconds(10));
        HelloAck ack = h.hello(hello(Role.OPERATOR), false, "");
        RefusedException e = assertThrows(RefusedException.class, () -> h.authenticate(PASSWORD, ack, null));
        assertEquals(CloseCode.AUTH_FAILED, e.code());
        assertEquals("server test refused alice at auth: AUTH_FAILED (wrong password for alice)", e.getMessage());
    }

    @Test
    void aSilentServerRunsOutTheOneDeadlineNamingTheStep() throws Exception {
        server();
        ClientHandshake h = client(Receiver.DEVICE, Duration.ofMillis(300));
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                () -> h.hello(hello(Role.DEVICE), false, ""));
        assertEquals("server test: no answer to hello in time", e.getMessage());
    }

    @Test
    void aWaitingDeviceAnswersPingsUntilApprovedAndRefusesAnythingElse() throws Exception {
        CompletableFuture<List<Frame>> server = server(ACK, new PairingPending("123456"), new Ping(5),
                new AuthOk("gina4.pekkahome", Set.of()));
        ClientHandshake h = client(Receiver.DEVICE, Duration.ofSeconds(10));
        HelloAck ack = h.hello(hello(Role.DEVICE), false, "");
        List<String> shown = new ArrayList<>();
        ClientHandshake.Pairing pairing = new ClientHandshake.Pairing() {
            @Override
            public void trustBundle(TrustBundle bundle) {
            }

            @Override
            public void pending(PairingPending pending) {
                shown.add(pending.pairingCode());
            }
        };
        Auth secret = new Auth("gina*.pekkahome", CredentialKind.DEVICE_SECRET, new byte[32], "pi4");
        assertEquals("gina4.pekkahome", h.authenticate(secret, ack, pairing).identity());
        assertEquals(List.of("123456"), shown);
        ((Socket) cleanup.get(0)).close();
        List<Frame> received = server.get(10, SECONDS);
        assertInstanceOf(Auth.class, received.get(0));
        assertEquals(new Pong(5), received.get(1));

        server(ACK, new PairingPending("123456"), new Data(1, 1, Data.COMPLETE, List.of()));
        ClientHandshake h2 = client(Receiver.DEVICE, Duration.ofSeconds(10));
        HelloAck ack2 = h2.hello(hello(Role.DEVICE), false, "");
        WireException e = assertThrows(WireException.class, () -> h2.authenticate(secret, ack2, pairing));
        assertTrue(e.getMessage().endsWith("DATA is not allowed in state PAIRING (device)"), e.getMessage());
    }

    @Test
    void aPasswordGoesOnlyToAVerifiedServer() throws Exception {
        server();
        ClientHandshake h = client(Receiver.OPERATOR, Duration.ofSeconds(10));
        h.requireVerified(PASSWORD, true, "VERIFIED");
        IOException e = assertThrows(IOException.class, () -> h.requireVerified(PASSWORD, false, "TLS"));
        assertTrue(e.getMessage().startsWith("server test: not sending the password of alice to a server whose "
                + "certificate was not verified (level TLS)"), e.getMessage());
        h.requireVerified(new Auth("alice", CredentialKind.CERTIFICATE, new byte[0], ""), false, "TLS");
    }
}
