package org.ioswitch.switchbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.common.net.HandshakeGate;
import org.ioswitch.common.testing.Await;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switchbox shares the home server's bound on TLS handshakes in progress: a silent TCP peer holds the one slot,
 * the next connection waits for it, one beyond the queue is closed before any TLS.
 */
class HandshakeBoundTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

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

    @Test
    void aConnectionOverTheBoundWaitsAndOneOverTheQueueIsClosedBeforeTls() throws Exception {
        SwitchboxServer box = f.start(f.options().helloTimeout(WAIT)
                .caps(new ConnectionCaps.Limits(1000, 100, 1, 1)).build());
        HandshakeGate gate = box.router().caps().handshakes();
        TlsClientContext ctx = TlsClientContext.open(TlsOptions.builder().trust(f.cloudRoot).build());
        f.cleanup.add(ctx);
        Socket silent = connect(box);
        f.cleanup.add(silent);
        Await.until(WAIT, "the silent peer in its TLS handshake", () -> gate.inProgress() == 1);

        CompletableFuture<TlsConnection> queued = CompletableFuture.supplyAsync(() -> {
            try {
                return ctx.wrap(connect(box), "switchbox", box.port(), WAIT);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, OwnThread.EXECUTOR);
        Await.until(WAIT, "the second connection waiting for the slot", () -> gate.waiting() == 1);
        assertFalse(queued.isDone(), "a TLS handshake completed without a slot");

        try (Socket over = connect(box)) {
            over.setSoTimeout((int) WAIT.toMillis());
            over.getOutputStream().write("no ClientHello".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, over.getInputStream().read(), "the switchbox answered a connection over its bound");
        }
        assertEquals(1, gate.refusedTotal());

        silent.close();
        TlsConnection served = queued.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        f.cleanup.add(served);
        assertNotNull(served.facts());
    }

    private static Socket connect(SwitchboxServer box) throws java.io.IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", box.port()), (int) WAIT.toMillis());
        return s;
    }
}
