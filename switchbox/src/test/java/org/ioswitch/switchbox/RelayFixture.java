package org.ioswitch.switchbox;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.tunnel.TunnelFrame;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.uplink.RelayedClient;
import org.ioswitch.server.uplink.Uplink;
import org.ioswitch.server.uplink.UplinkOptions;
import org.ioswitch.switchbox.account.PublisherAccount;

/**
 * The shared {@link SwitchboxFixture} (cloud "iocafe", a switchbox with a tap on every relayed byte, publisher
 * "pekka" for "pekkahome", here also "lab" by certificate), the home organization "pekkahome", uplinks whose home
 * server is a tiny TLS echo server, and clients.
 */
final class RelayFixture implements AutoCloseable {
    static final String PASSWORD = SwitchboxFixture.UPLINK_PASSWORD;
    final Path dir;
    final SwitchboxFixture box;
    final TestOrg cloud;
    final TestOrg home;
    final Path cloudRoot;
    final Path homeRoot;
    final TlsOptions switchboxTls;
    final TlsServerContext homeTls;
    /** The switchbox fixture's tap buffer, guarded by itself (cluster nodes share it). */
    final ByteArrayOutputStream tapped;
    final List<AutoCloseable> cleanup = new ArrayList<>();
    SwitchboxServer switchbox;

    RelayFixture(Path dir) throws Exception {
        this.dir = dir;
        box = new SwitchboxFixture(dir);
        cloud = box.cloud();
        tapped = box.tapped;
        home = TestOrg.create(dir, "pekkahome");
        cloudRoot = cloud.root();
        homeRoot = home.root();
        switchboxTls = box.listenerTls();
        // The home server's certificate names its network: the host name a relayed client checks.
        homeTls = TlsServerContext.open(home.server(dir, "home", "pekkahome").options()
                .requiredLevel(SecurityLevel.TLS).clientCertificates(ClientCertificates.NONE).build());
        box.accounts().put(new PublisherAccount("lab", null, "lab-uplink", List.of("lab")));
    }

    /** Switchbox settings on a new ephemeral port (the cluster tests start several nodes from them). */
    SwitchboxOptions.Builder options() {
        return box.options().port(0);
    }

    SwitchboxServer start(SwitchboxOptions options) throws Exception {
        return start(options, InstantSource.system());
    }

    /** A switchbox whose login throttle reads {@code clock}. */
    SwitchboxServer start(SwitchboxOptions options, InstantSource clock) throws Exception {
        switchbox = box.start(options, clock);
        cleanup.add(0, switchbox);
        return switchbox;
    }

    String tapped() {
        return box.tapped();
    }

    UplinkOptions.Builder uplinkOptions() throws Exception {
        return uplinkOptions(switchbox.port());
    }

    /** As {@link #uplinkOptions()} to the switchbox (or cluster node) on {@code port}. */
    UplinkOptions.Builder uplinkOptions(int port) throws Exception {
        return box.uplinkOptions(port);
    }

    /** An uplink whose home server runs a TLS echo (or, for RELAY_CLEAR, a plain echo after the hello). */
    Uplink uplink(UplinkOptions options) throws Exception {
        Uplink uplink = new Uplink(options, this::homeServer);
        cleanup.add(0, uplink);
        uplink.start();
        return uplink;
    }

    Uplink publishedUplink() throws Exception {
        Uplink uplink = uplink(uplinkOptions().build());
        uplink.awaitStatus(Uplink.Status::published, Duration.ofSeconds(10));
        return uplink;
    }

    /**
     * The home server: like a listener, TLS first (end to end) or the HELLO first (clear). Echoes lines; a line
     * "flood" makes it write forever to a client that may never read.
     */
    private void homeServer(java.net.Socket socket, RelayedClient client) throws IOException {
        try (socket) {
            InputStream in;
            OutputStream out;
            java.io.Closeable tls = null;
            if (client.endToEnd()) {
                TlsConnection conn = homeTls.accept(socket, Duration.ofSeconds(5));
                tls = conn;
                in = conn.socket().getInputStream();
                out = conn.socket().getOutputStream();
            } else {
                in = socket.getInputStream();
                out = socket.getOutputStream();
                FrameReader.readHello(in); // a plain session reads the hello first
            }
            try {
                byte[] buf = new byte[16 * 1024];
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                if (new String(buf, 0, n, StandardCharsets.US_ASCII).equals("flood")) {
                    byte[] chunk = new byte[16 * 1024];
                    while (true) {
                        out.write(chunk);
                    }
                }
                out.write(buf, 0, n);
                int r;
                while ((r = in.read(buf)) >= 0) {
                    out.write(buf, 0, r);
                    out.flush();
                }
            } finally {
                if (tls != null) {
                    tls.close();
                }
            }
        }
    }

    /** A client through the switchbox: outer TLS to the switchbox, HELLO, then (end to end) inner TLS to home. */
    Client client(String network, boolean clear) throws Exception {
        return client(network, clear, switchbox.port());
    }

    /** As {@link #client(String, boolean)} through the switchbox (or cluster node) on {@code port}. */
    Client client(String network, boolean clear, int port) throws Exception {
        TlsClientContext outer = TlsClientContext.open(TlsOptions.builder().trust(cloudRoot).build());
        cleanup.add(outer);
        TlsConnection conn = outer.connect("127.0.0.1", port, Duration.ofSeconds(5));
        cleanup.add(0, conn);
        FrameWriter w = new FrameWriter(conn.socket().getOutputStream());
        w.writeHello(new Hello(Hello.VERSION, Role.OPERATOR, network, clear ? Hello.RELAY_CLEAR : 0,
                WireLimits.DEFAULT_FRAME_SIZE));
        w.flush();
        return new Client(conn, outer);
    }

    Client endToEnd(String network) throws Exception {
        return endToEnd(network, switchbox.port());
    }

    /** As {@link #endToEnd(String)} through the switchbox (or cluster node) on {@code port}. */
    Client endToEnd(String network, int port) throws Exception {
        Client c = client(network, false, port);
        TlsClientContext inner = TlsClientContext.open(TlsOptions.builder().trust(homeRoot).build());
        cleanup.add(inner);
        TlsConnection conn = inner.wrap(c.outer.socket(), "pekkahome", port, Duration.ofSeconds(5));
        cleanup.add(0, conn);
        return new Client(c.outer, conn.socket().getInputStream(), conn.socket().getOutputStream());
    }

    /** Echoes {@code text} through {@code c} and returns what came back. */
    static String echo(Client c, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
            try {
                return c.in.readNBytes(bytes.length);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, OwnThread.EXECUTOR);
        c.out.write(bytes);
        c.out.flush();
        return new String(back.get(10, SECONDS), StandardCharsets.UTF_8);
    }

    /** A scripted publisher: the handshake by hand, then raw tunnel frames. */
    TlsConnection scriptedPublisher(String account, String password, String... networks) throws Exception {
        return scriptedPublisher(TlsOptions.builder().trust(cloudRoot).build(),
                new Auth(account, CredentialKind.PASSWORD, password.getBytes(StandardCharsets.UTF_8), ""), networks);
    }

    /** A scripted publisher with its own TLS options (a client certificate) and AUTH. */
    TlsConnection scriptedPublisher(TlsOptions tls, Auth auth, String... networks) throws Exception {
        TlsClientContext ctx = TlsClientContext.open(tls);
        cleanup.add(ctx);
        TlsConnection conn = ctx.connect("127.0.0.1", switchbox.port(), Duration.ofSeconds(5));
        cleanup.add(0, conn);
        FrameWriter w = new FrameWriter(conn.socket().getOutputStream());
        FrameReader r = new FrameReader(conn.socket().getInputStream(), WireLimits.DEFAULT);
        conn.socket().setSoTimeout(5000);
        w.writeHello(new Hello(Hello.VERSION, Role.SERVICE, networks[0], 0, TunnelOptions.DEFAULT_MAX_FRAME_SIZE));
        w.flush();
        r.next(); // HELLO_ACK
        w.write(auth);
        w.flush();
        r.next(); // AUTH_OK
        conn.socket().getOutputStream().write(TunnelCodec.encode(new Publish(false, List.of(networks))));
        TunnelFrame answer = TunnelCodec.read(conn.socket().getInputStream(), 1 << 20);
        if (!(answer instanceof Publish)) {
            throw new AssertionError("expected PUBLISHED, got " + answer);
        }
        return conn;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort in teardown
            }
        }
        homeTls.close();
    }

    /** A client's streams: the outer connection, and the streams to talk on (inner TLS or clear). */
    static final class Client {
        final TlsConnection outer;
        final InputStream in;
        final OutputStream out;

        Client(TlsConnection outer, TlsClientContext ignored) throws IOException {
            this(outer, outer.socket().getInputStream(), outer.socket().getOutputStream());
        }

        Client(TlsConnection outer, InputStream in, OutputStream out) {
            this.outer = outer;
            this.in = in;
            this.out = out;
        }
    }
}
