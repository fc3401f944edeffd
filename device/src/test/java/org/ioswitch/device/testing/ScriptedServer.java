package org.ioswitch.device.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.block.SnapshotAssembler;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.link.FrameHandler;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.wire.Ack;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Privilege;
import org.ioswitch.common.wire.WireLimits;

/**
 * A small home server for device tests, on the real TLS, FrameReader/FrameWriter and Link: hello, auth against one
 * password, records announcements and UP snapshots, and keeps a DOWN image it resends whole to every reconnecting
 * device (the resync), as docs/sessions.md says.
 */
public final class ScriptedServer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final TlsServerContext tls;
    private final ServerSocket listener;
    private final String password;
    private final AtomicInteger nextNumber = new AtomicInteger(7);
    /** Every AUTH frame received. */
    public final BlockingQueue<Auth> auths = new LinkedBlockingQueue<>();
    /** Every authenticated device connection. */
    public final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    /** The server's image of each DOWN block by name, kept across reconnects. */
    public final Map<String, byte[]> downImages = new ConcurrentHashMap<>();
    /** The version of each DOWN image (as a real server numbers them; survives the device's reconnects). */
    public final Map<String, Long> downVersions = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong nextVersion = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    public ScriptedServer(TlsServerContext tls, String password) throws IOException {
        this.tls = tls;
        this.password = password;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Threads.start("scripted-server accept", this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket tcp = listener.accept();
                Threads.start("scripted-server conn", () -> serve(tcp));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket tcp) {
        try {
            TlsConnection conn = tls.accept(tcp, TIMEOUT);
            Socket s = conn.socket();
            BufferedInputStream in = new BufferedInputStream(s.getInputStream());
            Hello hello = FrameReader.readHello(in);
            FrameReader reader = new FrameReader(in, WireLimits.DEFAULT);
            FrameWriter writer = new FrameWriter(new BufferedOutputStream(s.getOutputStream()), hello.maxFrameSize());
            writer.write(new HelloAck(Hello.VERSION, WireLimits.DEFAULT_FRAME_SIZE, 0, 10_000));
            writer.flush();
            Frame f = reader.next();
            if (!(f instanceof Auth auth)) {
                writer.write(new Close(CloseCode.PROTOCOL_ERROR, "expected AUTH"));
                writer.flush();
                s.close();
                return;
            }
            auths.add(auth);
            if (!password.equals(new String(auth.credential(), StandardCharsets.UTF_8))) {
                writer.write(new Close(CloseCode.AUTH_FAILED, "wrong password for " + auth.identity()));
                writer.flush();
                s.close();
                return;
            }
            String identity = auth.identity().replace("*", Integer.toString(nextNumber.get()));
            writer.write(new AuthOk(identity, EnumSet.of(Privilege.DEVICE)));
            writer.flush();
            Peer peer = new Peer(identity);
            peer.link = Link.start(s, reader, writer, identity, hello.maxFrameSize(), LinkOptions.defaults(), peer);
            peers.add(peer);
        } catch (IOException e) {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Peer p : peers) {
            p.link.close();
        }
    }

    /** One authenticated device connection as the server sees it. */
    public final class Peer implements FrameHandler {
        public final String identity;
        volatile Link link;
        /** Announcements by block name. */
        public final Map<String, BlockAnnounce> announced = new ConcurrentHashMap<>();
        private final Map<Integer, SnapshotAssembler> assemblers = new ConcurrentHashMap<>();
        /** Every ACK the device sent (its answers to DOWN versions). */
        public final BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
        /** Every complete UP snapshot (and DOWN offer), with its block name. */
        public final BlockingQueue<Named> snapshots = new LinkedBlockingQueue<>();
        /** Completes with how the link ended. */
        public final java.util.concurrent.CompletableFuture<CloseReason> closed = new java.util.concurrent.CompletableFuture<>();

        Peer(String identity) {
            this.identity = identity;
        }

        @Override
        public void onFrame(Link from, Frame frame) throws IOException {
            if (frame instanceof BlockAnnounce a) {
                announced.put(a.blockName(), a);
                assemblers.put(a.blockId(), new SnapshotAssembler(a.blockId(), a.size()));
                byte[] image = downImages.get(a.blockName());
                if (a.direction() == Direction.DOWN && image != null) {
                    from.publish(a.blockId(), image, downVersions.get(a.blockName()));
                }
            } else if (frame instanceof Ack a) {
                acks.add(a);
            } else if (frame instanceof Data d) {
                Snapshot s = assemblers.get(d.blockId()).accept(d);
                if (s != null) {
                    String name = announced.values().stream().filter(a -> a.blockId() == d.blockId())
                            .findFirst().orElseThrow().blockName();
                    snapshots.add(new Named(name, s));
                }
            }
        }

        @Override
        public void onClose(Link l, CloseReason reason) {
            closed.complete(reason);
        }

        /** Writes a DOWN block: keeps it as the server's image with a new version and sends it to the device. */
        public long write(String block, byte[] image) {
            long version = nextVersion.incrementAndGet();
            downImages.put(block, image.clone());
            downVersions.put(block, version);
            link.publish(announced.get(block).blockId(), image, version);
            return version;
        }

        /** The next snapshot of {@code block} matching {@code test}, within 10 s, or null. */
        public Snapshot await(String block, java.util.function.Predicate<Snapshot> test) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                Named n = snapshots.poll(left, TimeUnit.NANOSECONDS);
                if (n == null) {
                    return null;
                }
                if (n.block.equals(block) && test.test(n.snapshot)) {
                    return n.snapshot;
                }
            }
        }

        /** Sends any frame, allowed or not: a misbehaving server. */
        public void send(Frame frame) throws IOException {
            link.send(frame);
        }

        /** Drops the connection without a close frame, as a crashed server would. */
        public void kill() throws IOException {
            link.close(CloseCode.SHUTDOWN, "test kills the connection");
        }
    }

    /** A snapshot with its block name. */
    public record Named(String block, Snapshot snapshot) {
    }
}
