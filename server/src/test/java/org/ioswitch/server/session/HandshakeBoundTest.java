package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.common.net.HandshakeGate;
import org.ioswitch.common.testing.Await;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.account.AccountKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bound on TLS handshakes in progress (limits.maxHandshakes, limits.handshakeQueue), over real sockets: silent
 * TCP peers hold handshake slots (the server waits for their ClientHello), so the bound is observed by who gets
 * served, never by timing.
 */
class HandshakeBoundTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private ServerFixture f;
    private TlsClientContext client;
    private final List<Socket> silent = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(Threads.daemonFactory("handshake-bound-test"));

    @BeforeEach
    void setUp() throws Exception {
        f = new ServerFixture(dir).account("home", "alice", AccountKind.USER, "alice-pw");
        client = TlsClientContext.open(TlsOptions.builder().trust(f.root).build());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Socket s : silent) {
            s.close();
        }
        pool.shutdownNow();
        client.close();
        f.close();
    }

    @Test
    void aConnectionOverTheBoundWaitsForASlotAndOneOverTheQueueIsClosedBeforeTls() throws Exception {
        start(2, 1);
        HandshakeGate gate = f.server.caps().handshakes();
        silent.add(connect());
        silent.add(connect());
        Await.until(WAIT, "both silent peers in their TLS handshake", () -> gate.inProgress() == 2);

        CompletableFuture<Frame> queued = CompletableFuture.supplyAsync(this::login, pool);
        Await.until(WAIT, "the third connection waiting for a slot", () -> gate.waiting() == 1);
        assertEquals(2, gate.inProgress(), "a third handshake started while two held the slots");
        assertFalse(queued.isDone(), "logged in without a handshake slot");

        // Slots and queue are full: the next connection is closed at accept, not a byte of TLS sent.
        try (Socket over = connect()) {
            over.setSoTimeout((int) WAIT.toMillis());
            over.getOutputStream().write("not even a ClientHello".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, over.getInputStream().read(), "the server answered a connection over its bound");
        }
        assertEquals(1, gate.refusedTotal());
        assertTrue(f.server.metricsText().contains("ioswitch_connections_capped_total{cap=\"handshake_queue\"} 1"));

        silent.remove(0).close(); // its handshake fails, the slot goes to the one waiting
        assertInstanceOf(AuthOk.class, queued.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(2, gate.peakInProgress());
    }

    @Test
    void aBurstFarOverTheBoundAllGetsInWithNeverMoreThanTheBoundInProgress() throws Exception {
        start(3, 100);
        HandshakeGate gate = f.server.caps().handshakes();
        int peers = 24;
        AtomicInteger maxSeen = new AtomicInteger();
        List<CompletableFuture<Frame>> logins = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            logins.add(CompletableFuture.supplyAsync(this::login, pool));
        }
        for (CompletableFuture<Frame> login : logins) {
            while (!login.isDone()) {
                maxSeen.accumulateAndGet(gate.inProgress(), Math::max);
                try {
                    login.get(1, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // still in the queue or handshaking: sample the gauge again
                }
            }
            assertInstanceOf(AuthOk.class, login.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertTrue(maxSeen.get() <= 3, "saw " + maxSeen.get() + " handshakes in progress, bound 3");
        assertTrue(gate.peakInProgress() <= 3, "peak " + gate.peakInProgress() + " handshakes in progress, bound 3");
        assertEquals(0, gate.refusedTotal());
        Await.until(WAIT, "every slot free again", () -> gate.inProgress() == 0 && gate.waiting() == 0);
    }

    private void start(int maxHandshakes, int queue) throws Exception {
        f.start(f.options().handshakeTimeout(WAIT).helloTimeout(WAIT).authTimeout(WAIT)
                .caps(new ConnectionCaps.Limits(1000, 100, maxHandshakes, queue)).build());
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", f.port()), (int) WAIT.toMillis());
        return s;
    }

    /** TLS, HELLO, password AUTH; the server's answer to the AUTH. */
    private Frame login() {
        try (TlsConnection c = client.wrap(connect(), "127.0.0.1", f.port(), WAIT)) {
            FrameWriter w = new FrameWriter(new BufferedOutputStream(c.socket().getOutputStream()),
                    WireLimits.DEFAULT_FRAME_SIZE);
            FrameReader r = new FrameReader(new BufferedInputStream(c.socket().getInputStream()), WireLimits.DEFAULT);
            w.writeHello(new Hello(Hello.VERSION, Role.OPERATOR, "home", 0, WireLimits.DEFAULT_FRAME_SIZE));
            w.flush();
            Frame ack = r.next();
            if (!(ack instanceof HelloAck)) {
                return ack;
            }
            w.write(new Auth("alice", CredentialKind.PASSWORD, "alice-pw".getBytes(StandardCharsets.UTF_8), ""));
            w.flush();
            return r.next();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
