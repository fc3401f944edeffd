package org.ioswitch.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.ioswitch.common.link.Backoff;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsContext;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.device.runtime.Device;

/**
 * Many simulated devices in this JVM, each with its own TLS connection to the home server, its own client certificate
 * (whose name is its account: certificate login, see {@code Device.Builder.certificateLogin}) and its own blocks.
 * Each speaks the device protocol with the product's classes (hello, AUTH, BLOCK_ANNOUNCE of {@code exp} up and
 * {@code imp} down, then a {@link Link} that sends {@code exp}) and reconnects like {@code Device}: after every
 * connection or failed attempt it waits {@link Backoff#next()} (jittered, doubling, reset by a connection that worked).
 *
 * <p>Why not {@code Device} itself: every {@code Device} opens its own {@code TlsClientContext}, which watches its
 * files for rotation with an inotify instance (the kernel allows 128 per user); a real device has one, a simulator of
 * thousands in one process cannot. Here one BCJSSE context serves every device and a key manager picks each socket's
 * certificate. The server sees what it sees from real devices.
 */
final class FleetDevices implements AutoCloseable {
    static final String NETWORK = "fleet";
    /** Bytes of each device's {@code exp} and {@code imp}. */
    static final int BLOCK_SIZE = 32;
    /** The device runtime's defaults, so the simulator connects and reconnects like a real device. */
    private static final Duration CONNECT_TIMEOUT = Device.DEFAULT_CONNECT_TIMEOUT;

    /** One device's key and certificate chain. */
    record Credentials(PrivateKey key, X509Certificate[] chain) {
    }

    private final List<Credentials> devices;
    private final int port;
    private final SSLContext tls;
    private final Map<Socket, Integer> handshaking = new ConcurrentHashMap<>();
    private final LinkOptions linkOptions = LinkOptions.defaults();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Map<Integer, Link> links = new ConcurrentHashMap<>();
    /** Devices whose link is up now. */
    final AtomicInteger connected = new AtomicInteger();
    /** Connection attempts so far (TCP + TLS + hello + auth), successful or not. */
    final AtomicLong attempts = new AtomicLong();
    /** Attempts that failed. */
    final AtomicLong failures = new AtomicLong();
    /** Attempts per device. */
    final AtomicIntegerArray attemptsOf;
    /** The last failure's text, for the report when devices are left behind. */
    volatile String lastFailure = "";
    /** Failed attempts by step and cause ({@code TLS: SocketException Connection reset}), for the report. */
    final Map<String, LongAdder> failureCauses = new ConcurrentHashMap<>();

    FleetDevices(List<Credentials> devices, X509Certificate server, int port) throws Exception {
        this.devices = devices;
        this.port = port;
        this.attemptsOf = new AtomicIntegerArray(devices.size());
        // The product's own BCJSSE and crypto, so the simulated devices' handshakes cost what a real device's cost.
        java.security.Provider jsse = TlsContext.jsseProvider();
        tls = SSLContext.getInstance("TLSv1.3", jsse);
        tls.init(new javax.net.ssl.KeyManager[] {new PerSocketKeys()}, new TrustManager[] {new PinnedServer(server)},
                new SecureRandom());
    }

    /** Device {@code i}'s id: {@code d<i>.fleet}, account {@code d<i>}. */
    static String id(int i) {
        return "d" + i + "." + NETWORK;
    }

    /** The {@code exp} image device {@code i} publishes: state byte 1 (ok), then {@code i} as a little-endian long. */
    static byte[] image(int i) {
        byte[] b = new byte[BLOCK_SIZE];
        b[0] = 1;
        RawTls.writeLong(b, 1, i);
        return b;
    }

    /** Device index {@code i} if {@code image} is {@link #image(int)} of it, else -1. */
    static long indexIn(byte[] image) {
        if (image.length != BLOCK_SIZE || image[0] != 1) {
            return -1;
        }
        byte[] v = new byte[8];
        System.arraycopy(image, 1, v, 0, 8);
        return RawTls.readLong(v);
    }

    /** Starts every device's connect loop at once (like a fleet powered on together). */
    void start() {
        for (int i = 0; i < devices.size(); i++) {
            int n = i;
            Threads.start("fleet-device " + id(n), () -> run(n));
        }
    }

    private void run(int i) {
        Backoff backoff = new Backoff(Device.DEFAULT_BACKOFF_INITIAL, Device.DEFAULT_BACKOFF_MAX);
        try {
            while (stop.getCount() > 0) {
                attempts.incrementAndGet();
                attemptsOf.incrementAndGet(i);
                Link l = connectOnce(i);
                if (l == null) {
                    failures.incrementAndGet();
                } else {
                    backoff.reset();
                    links.put(i, l);
                    connected.incrementAndGet();
                    try {
                        l.closed().get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        // closed either way
                    } finally {
                        connected.decrementAndGet();
                        links.remove(i);
                    }
                }
                if (stop.await(backoff.next().toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection attempt; the started link, or null (the reason kept in {@link #lastFailure}). */
    private Link connectOnce(int i) {
        String id = id(i);
        Socket tcp = new Socket();
        SSLSocket s = null;
        String step = "TCP connect";
        try {
            int timeout = (int) CONNECT_TIMEOUT.toMillis();
            tcp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeout);
            tcp.setTcpNoDelay(true);
            tcp.setSoTimeout(timeout);
            step = "TLS";
            s = (SSLSocket) tls.getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
            s.setUseClientMode(true);
            handshaking.put(s, i);
            try {
                s.startHandshake();
            } finally {
                handshaking.remove(s);
            }
            step = "hello/auth";
            WireLimits limits = linkOptions.limits();
            FrameWriter writer = new FrameWriter(new BufferedOutputStream(s.getOutputStream()));
            FrameReader reader = new FrameReader(new BufferedInputStream(s.getInputStream()), limits);
            writer.writeHello(new Hello(Hello.VERSION, Role.DEVICE, NETWORK, 0, limits.maxFrameSize()));
            writer.flush();
            HelloAck ack = expect(reader.next(), HelloAck.class, id, "hello");
            writer.maxFrameSize(Math.max(WireLimits.MIN_FRAME_SIZE, Math.min(ack.maxFrameSize(),
                    WireLimits.MAX_FRAME_SIZE)));
            writer.write(new Auth(id, CredentialKind.CERTIFICATE, new byte[0], "fleet-sim"));
            writer.flush();
            expect(reader.next(), AuthOk.class, id, "auth");
            s.setSoTimeout(0);
            Link link = Link.start(s, reader, writer, id, ack.maxFrameSize(), linkOptions, (l, f) -> {
                // imp snapshots from the server: a simulated device has no outputs to drive
            });
            link.send(new BlockAnnounce(0, id, "exp", Direction.UP, BLOCK_SIZE, 0));
            link.send(new BlockAnnounce(1, id, "imp", Direction.DOWN, BLOCK_SIZE, 0));
            link.publish(0, image(i));
            return link;
        } catch (IOException | RuntimeException e) {
            lastFailure = id + ": " + e;
            failureCauses.computeIfAbsent(cause(step, e), c -> new LongAdder()).increment();
            try {
                (s != null ? s : tcp).close();
            } catch (IOException ignored) {
                // already failing
            }
            return null;
        }
    }

    /**
     * A failure's step and kind without what differs per attempt (ports, ids): {@code TLS: SocketException Connection
     * reset}. The innermost cause names it best (BCJSSE wraps the socket's exception).
     */
    static String cause(String step, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = String.valueOf(root.getMessage()).replaceAll("d\\d+\\.fleet", "dN.fleet")
                .replaceAll("[0-9]+", "N");
        if (text.length() > 90) {
            text = text.substring(0, 90) + "...";
        }
        return step + ": " + root.getClass().getSimpleName() + " " + text;
    }

    private static <T extends Frame> T expect(Frame f, Class<T> type, String id, String step) throws IOException {
        if (type.isInstance(f)) {
            return type.cast(f);
        }
        if (f instanceof Close c) {
            throw new IOException(id + ": " + step + " refused: " + c.code() + " " + c.text());
        }
        throw new IOException(id + ": " + step + ": expected " + type.getSimpleName() + ", got "
                + (f == null ? "end of stream" : f.type()));
    }

    @Override
    public void close() {
        stop.countDown();
        for (Link l : links.values()) {
            l.close();
        }
    }

    /**
     * Trusts exactly the server's certificate (pinning, a trust mode the product offers too): the TLS stack still
     * checks the server's CertificateVerify signature, so only the holder of that certificate's key gets through, but
     * no path is built and no certificate signature verified. The cheapest correct client side: each simulated device
     * pays its handshake on the server's own cores, where a real device would pay on its own.
     */
    private static final class PinnedServer extends X509ExtendedTrustManager {
        private final X509Certificate server;

        PinnedServer(X509Certificate server) {
            this.server = server;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0 || !server.equals(chain[0])) {
                throw new CertificateException("not the pinned server certificate");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a device does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a device does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a device does not accept clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Gives each handshaking socket the certificate of the device it belongs to. */
    private final class PerSocketKeys extends X509ExtendedKeyManager {
        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            Integer i = handshaking.get(socket);
            return i == null ? null : Integer.toString(i);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return devices.get(Integer.parseInt(alias)).chain();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return devices.get(Integer.parseInt(alias)).key();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }
    }
}
