package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.block.SnapshotAssembler;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Credit;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.WriteResult;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Ping;
import org.ioswitch.common.wire.Pong;
import org.ioswitch.common.wire.Range;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireLimits;

/**
 * A misbehaving-on-demand peer: writes frames with the real {@link FrameWriter} (or raw bytes), records every frame it
 * receives in a queue, answers pings unless told to stay silent, and sees the end of the stream as {@link #EOF}.
 */
final class ScriptedPeer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Queued when the server ends the stream. */
    static final Frame EOF = new Pong(-1);

    private final TlsClientContext context;
    private final TlsConnection connection;
    private final OutputStream out;
    private final FrameWriter writer;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private volatile boolean answerPings = true;
    private long seq;
    private final Map<Integer, SnapshotAssembler> images = new HashMap<>();

    private ScriptedPeer(ServerFixture f) throws Exception {
        this(TlsOptions.builder().trust(f.root).build(), f.port());
    }

    private ScriptedPeer(TlsOptions tls, int port) throws Exception {
        this(tls, port, "127.0.0.1");
    }

    private ScriptedPeer(TlsOptions tls, int port, String from) throws Exception {
        context = TlsClientContext.open(tls);
        java.net.Socket tcp = new java.net.Socket();
        tcp.bind(new java.net.InetSocketAddress(from, 0));
        tcp.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
        connection = context.wrap(tcp, "127.0.0.1", port, WAIT);
        out = new BufferedOutputStream(connection.socket().getOutputStream());
        writer = new FrameWriter(out, WireLimits.DEFAULT_FRAME_SIZE);
        BufferedInputStream in = new BufferedInputStream(connection.socket().getInputStream());
        Threads.start("scripted-peer", () -> readLoop(in));
    }

    static ScriptedPeer connect(ServerFixture f) throws Exception {
        return new ScriptedPeer(f);
    }

    /**
     * Connects from another loopback source address (Linux routes all of 127.0.0.0/8 to lo), so a test can play
     * several peers whose failures the server counts apart.
     */
    static ScriptedPeer connectFrom(ServerFixture f, String from) throws Exception {
        return new ScriptedPeer(TlsOptions.builder().trust(f.root).build(), f.port(), from);
    }

    /** A new device's first connection: encrypted, the server not verified (it has no trust yet). */
    static ScriptedPeer bootstrap(int port) throws Exception {
        return new ScriptedPeer(TlsOptions.builder().requiredLevel(org.ioswitch.common.tls.SecurityLevel.TLS).build(),
                port);
    }

    /** The pairing code this peer's TLS session gives, as the device derives it. */
    String pairingCode() throws IOException {
        return org.ioswitch.common.tls.PairingCode.derive(connection);
    }

    void hello(Role role, String network, int flags) throws IOException {
        writer.writeHello(new Hello(Hello.VERSION, role, network, flags, WireLimits.DEFAULT_FRAME_SIZE));
        writer.flush();
    }

    void secret(String identity, String secret, String boardType) throws IOException {
        send(new Auth(identity, CredentialKind.DEVICE_SECRET, secret.getBytes(StandardCharsets.UTF_8), boardType));
    }

    /** Connects with these client TLS settings (e.g. a client certificate). */
    static ScriptedPeer connect(ServerFixture f, TlsOptions tls) throws Exception {
        return new ScriptedPeer(tls, f.port());
    }

    /** Connects, says hello and authenticates with a password; fails the test unless AUTH_OK comes back. */
    static ScriptedPeer login(ServerFixture f, Role role, String network, String identity, String password)
            throws Exception {
        ScriptedPeer p = connect(f);
        p.hello(role, network);
        p.expect(HelloAck.class);
        p.auth(identity, password);
        p.expect(AuthOk.class);
        return p;
    }

    void hello(Role role, String network) throws IOException {
        writer.writeHello(new Hello(Hello.VERSION, role, network, 0, WireLimits.DEFAULT_FRAME_SIZE));
        writer.flush();
    }

    void auth(String identity, String password) throws IOException {
        send(new Auth(identity, CredentialKind.PASSWORD, password.getBytes(StandardCharsets.UTF_8), "test"));
    }

    void send(Frame frame) throws IOException {
        writer.write(frame);
        writer.flush();
    }

    /** Sends one whole snapshot of a block as a keyframe. */
    long publish(int blockId, byte[] image) throws IOException {
        long s = ++seq;
        send(new Data(blockId, s, Data.COMPLETE | Data.KEYFRAME, List.of(new Range(0, image))));
        return s;
    }

    /** The next DATA of {@code blockId}, applied to this peer's image of the block: the whole snapshot. */
    byte[] snapshot(int blockId, int size) throws Exception {
        Data d = expect(Data.class);
        assertEquals(blockId, d.blockId(), "DATA of another block: " + d);
        assertTrue(d.complete(), "a small block's snapshot fits one frame");
        return images.computeIfAbsent(blockId, id -> new SnapshotAssembler(id, size)).accept(d).bytes();
    }

    /**
     * Reads snapshots of a block until one equals {@code expected}: a subscriber first gets the server's current
     * image, which may predate a publish still on its way; each read waits at most {@link #WAIT}.
     */
    byte[] snapshotUntil(int blockId, byte[] expected) throws Exception {
        byte[] got = snapshot(blockId, expected.length);
        for (int i = 0; i < 10 && !java.util.Arrays.equals(expected, got); i++) {
            got = snapshot(blockId, expected.length);
        }
        return got;
    }

    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void silent() {
        answerPings = false;
    }

    /** DEVICE_STATUS frames passed over by {@link #next}, in arrival order. */
    final BlockingQueue<DeviceStatus> statuses = new LinkedBlockingQueue<>();
    /** WRITE_RESULT frames passed over by {@link #next}, in arrival order. */
    final BlockingQueue<WriteResult> results = new LinkedBlockingQueue<>();

    /** The next frame other than keepalive, credit, device status and write result, within {@link #WAIT}. */
    Frame next() throws InterruptedException {
        return next(WAIT);
    }

    /** The next frame other than keepalive and credit, within {@code wait}. */
    Frame next(Duration wait) throws InterruptedException {
        // One deadline for the whole wait: keepalive pings must not keep a test waiting for ever.
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Frame f = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                fail("no frame within " + wait);
            }
            if (f instanceof Ping || f instanceof Credit || (f instanceof Pong && f != EOF)) {
                continue;
            }
            if (f instanceof DeviceStatus st) {
                // Told with every subscription and on every change; tests that care read them from statuses.
                statuses.add(st);
                continue;
            }
            if (f instanceof WriteResult r) {
                results.add(r);
                continue;
            }
            return f;
        }
    }

    <T extends Frame> T expect(Class<T> type) throws InterruptedException {
        return expect(type, WAIT);
    }

    /** The next frame, which must be a {@code type}, within {@code wait}. */
    <T extends Frame> T expect(Class<T> type, Duration wait) throws InterruptedException {
        Frame f = next(wait);
        if (!type.isInstance(f)) {
            fail("expected " + type.getSimpleName() + ", got " + (f == EOF ? "end of stream" : f));
        }
        return type.cast(f);
    }

    /** The next frame of {@code type}, passing over DATA (e.g. the echo of this peer's own write). */
    <T extends Frame> T expectSkippingData(Class<T> type) throws InterruptedException {
        Frame f = next();
        while (f instanceof Data) {
            f = next();
        }
        if (!type.isInstance(f)) {
            fail("expected " + type.getSimpleName() + ", got " + (f == EOF ? "end of stream" : f));
        }
        return type.cast(f);
    }

    /** The CLOSE the server sends, then the end of the stream. */
    Close expectClose() throws InterruptedException {
        Close c = expect(Close.class);
        assertNotNull(c);
        assertEquals(EOF, next(), "the server must end the stream after CLOSE");
        return c;
    }

    /** True once the server ended the stream, with or without a CLOSE first. */
    void expectEnd() throws InterruptedException {
        Frame f = next();
        if (f instanceof Close) {
            f = next();
        }
        assertTrue(f == EOF, "expected the end of the stream, got " + f);
    }

    private void readLoop(BufferedInputStream in) {
        FrameReader reader = new FrameReader(in, WireLimits.DEFAULT);
        try {
            while (true) {
                Frame f = reader.next();
                if (f == null) {
                    break;
                }
                if (f instanceof Ping p && answerPings) {
                    send(new Pong(p.token()));
                }
                received.add(f);
            }
        } catch (IOException e) {
            // The end of the stream, however it came.
        } finally {
            received.add(EOF);
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
        context.close();
    }
}
