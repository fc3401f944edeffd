package org.ioswitch.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.tls.InnerRecordOutput;
import org.ioswitch.common.tls.TlsClientContext;

import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.uplink.RelayedClient;
import org.ioswitch.server.uplink.Uplink;
import org.ioswitch.server.uplink.UplinkOptions;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.EtcdCluster;
import org.ioswitch.switchbox.SwitchboxServer;
import org.ioswitch.switchbox.account.PublisherAccount;
import org.ioswitch.switchbox.route.RelayTap;
import org.ioswitch.switchbox.account.Accounts;

/**
 * Two organizations in a temp directory (cloud {@code iocafe} with the switchbox certificate, home {@code pekkahome}),
 * the real switchbox and the real uplink in this process, and a home "service" reached three ways: directly over TLS,
 * through the switchbox (end to end or RELAY_CLEAR), and through stunnel. The service reads one mode byte: {@code B}
 * counts what arrives (bulk sink), {@code E} echoes 8-byte stamped messages and records their arrival.
 */
final class RelayRig implements AutoCloseable {
    static final String NETWORK = "pekkahome";
    private static final String ACCOUNT = "pekka";
    private static final String PASSWORD = "bench-uplink-pw";
    private static final Duration STEP = Duration.ofSeconds(10);

    final Path dir;
    final Pki cloud;
    final Pki home;
    private final TlsServerContext homeTls;
    private final TlsClientContext homeClient;
    private final TlsClientContext cloudClient;
    private final SwitchboxServer switchbox;
    /** In cluster mode, a second node that forwards to {@code switchbox}, the owner; otherwise null. */
    private final SwitchboxServer forwarder;
    private final Uplink uplink;
    private final ServerSocket direct;
    /** Bytes received by bulk sinks (one connection runs at a time). */
    final AtomicLong received = new AtomicLong();
    /** Arrivals at the echo service. */
    final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();

    RelayRig() throws Exception {
        this(null);
    }

    /**
     * With {@code etcd}, the switchbox is node sb1 of a cluster that keeps its claims there, and a second node sb2
     * forwards its clients to sb1 ({@link Route#FORWARDED_E2E}).
     */
    RelayRig(EtcdCluster etcd) throws Exception {
        dir = Files.createTempDirectory("ioswitch-bench-relay");
        cloud = new Pki(dir.resolve("cloud"), "iocafe", "switchbox");
        home = new Pki(dir.resolve("home"), NETWORK, NETWORK);
        homeTls = TlsServerContext.open(home.serverOptions());
        homeClient = TlsClientContext.open(home.clientOptions());
        cloudClient = TlsClientContext.open(cloud.clientOptions());
        Path accountsFile = dir.resolve("accounts.json");
        Accounts.writeEmpty(accountsFile);
        Accounts.load(accountsFile).put(new PublisherAccount(ACCOUNT, PasswordHash.create(PASSWORD.toCharArray()), null,
                List.of(NETWORK)));
        SwitchboxOptions options = SwitchboxOptions.builder().bind("127.0.0.1").port(0)
                .tls(cloud.serverOptions()).accountsFile(accountsFile).build();
        if (etcd == null) {
            switchbox = SwitchboxServer.start(options);
            forwarder = null;
        } else {
            String prefix = EtcdCluster.freshPrefix();
            switchbox = SwitchboxServer.start(options, cloud.nodeOptions("sb1", etcd, prefix), RelayTap.NONE);
            forwarder = SwitchboxServer.start(options, cloud.nodeOptions("sb2", etcd, prefix), RelayTap.NONE);
        }
        uplink = new Uplink(UplinkOptions.builder().host("127.0.0.1").port(switchbox.port())
                .tls(cloud.clientOptions()).account(ACCOUNT).password(PASSWORD).networks(NETWORK)
                .connectTimeout(STEP).build(), this::relayed);
        uplink.start();
        uplink.awaitStatus(Uplink.Status::published, STEP);
        if (forwarder != null) {
            var sb2 = forwarder.cluster().orElseThrow();
            java.util.concurrent.Semaphore changed = new java.util.concurrent.Semaphore(0);
            long deadline = System.nanoTime() + STEP.toNanos();
            try (AutoCloseable watch = sb2.onClaimChange(n -> changed.release())) {
                while (sb2.owner(NETWORK).isEmpty()) {
                    if (!changed.tryAcquire(deadline - System.nanoTime(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                        throw new IllegalStateException("node sb2 did not learn of the claim within " + STEP);
                    }
                }
            }
        }
        direct = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Daemon.start("home-direct-accept", this::acceptDirect);
    }

    int directPort() {
        return direct.getLocalPort();
    }

    int switchboxPort() {
        return switchbox.port();
    }

    private void acceptDirect() {
        while (!direct.isClosed()) {
            try {
                Socket tcp = direct.accept();
                tcp.setTcpNoDelay(true);
                // named "bench-home", so the relay bench counts its CPU time for the home hop
                Daemon.start("bench-home direct " + tcp.getPort(), () -> {
                    try (TlsConnection c = homeTls.accept(tcp, STEP)) {
                        serve(c.socket().getInputStream(), c.socket().getOutputStream());
                    } catch (IOException e) {
                        // a run ends by closing its connection
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The uplink's acceptor: exactly as a listener, TLS first (end to end) or the HELLO first (clear). */
    private void relayed(Socket socket, RelayedClient client) throws IOException {
        try (socket) {
            if (client.endToEnd()) {
                try (TlsConnection c = homeTls.accept(socket, STEP)) {
                    serve(c.socket().getInputStream(), c.socket().getOutputStream());
                }
            } else {
                InputStream in = socket.getInputStream();
                org.ioswitch.common.wire.FrameReader.readHello(in);
                serve(in, socket.getOutputStream());
            }
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        int mode = in.read();
        if (mode == 'B') {
            RawTls.drain(in, received);
        } else if (mode == 'E') {
            DataInputStream d = new DataInputStream(in);
            byte[] m = new byte[8];
            try {
                while (true) {
                    d.readFully(m);
                    arrivals.add(new Arrival(RawTls.readLong(m), System.nanoTime()));
                    out.write(m);
                    out.flush();
                }
            } catch (java.io.EOFException | java.net.SocketException e) {
                // the client ended the run
            }
        }
    }

    /** How a client reaches the home service. */
    enum Route {
        DIRECT, SWITCHBOX_E2E, SWITCHBOX_CLEAR, STUNNEL,
        /** Cluster mode: through node sb2, which forwards to sb1 over the node link, end to end. */
        FORWARDED_E2E
    }

    /** A client connection to the home service along {@code route}; {@code stunnelPort} only for STUNNEL. */
    Conn connect(Route route, int stunnelPort) throws IOException {
        return switch (route) {
            case DIRECT -> new Conn(homeClient.connect("127.0.0.1", directPort(), STEP), null);
            case STUNNEL -> new Conn(cloudClient.connect("127.0.0.1", stunnelPort, STEP), null);
            case SWITCHBOX_CLEAR -> {
                TlsConnection outer = viaSwitchbox(Hello.RELAY_CLEAR, switchbox);
                yield new Conn(outer, null);
            }
            case SWITCHBOX_E2E, FORWARDED_E2E -> {
                TlsConnection outer = viaSwitchbox(0, route == Route.FORWARDED_E2E ? forwarder : switchbox);
                try {
                    TlsConnection inner = homeClient.wrap(outer.socket(), NETWORK, switchbox.port(), STEP);
                    yield new Conn(inner, outer);
                } catch (IOException e) {
                    outer.close();
                    throw e;
                }
            }
        };
    }

    private TlsConnection viaSwitchbox(int flags, SwitchboxServer node) throws IOException {
        TlsConnection outer = cloudClient.connect("127.0.0.1", node.port(), STEP);
        FrameWriter w = new FrameWriter(outer.socket().getOutputStream());
        w.writeHello(new Hello(Hello.VERSION, Role.OPERATOR, NETWORK, flags, WireLimits.DEFAULT_FRAME_SIZE));
        w.flush();
        return outer;
    }

    /** A client connection: the TLS session to talk on, and the outer one when the inner runs through it. */
    record Conn(TlsConnection talk, TlsConnection outer) implements AutoCloseable {
        /** As the product writes: end to end, through {@link InnerRecordOutput} (as the device's connector does). */
        OutputStream out() throws IOException {
            OutputStream out = talk.socket().getOutputStream();
            return outer == null ? out : new InnerRecordOutput(out);
        }

        InputStream in() throws IOException {
            return talk.socket().getInputStream();
        }

        String describe() {
            return talk.facts().describe() + (outer == null ? "" : " inside " + outer.facts().describe());
        }

        @Override
        public void close() {
            talk.close();
            if (outer != null) {
                outer.close();
            }
        }
    }

    @Override
    public void close() {
        try {
            direct.close();
        } catch (IOException e) {
            // best effort
        }
        uplink.close();
        if (forwarder != null) {
            forwarder.close();
        }
        switchbox.close();
        homeTls.close();
        homeClient.close();
        cloudClient.close();
        Pki.deleteTree(dir);
    }
}
