package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.ExpiryPolicy;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.device.connect.Hop;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.connect.Switchbox;
import org.ioswitch.device.pairing.TrustStore;
import org.ioswitch.device.runtime.ConnectionListener;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.server.admin.AdminClient;
import org.ioswitch.server.admin.AdminException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A board that knows only the switchbox, its network and the cloud root pairs with its home server through the relay;
 * the pairing code comes from the inner, end-to-end session, so a relay that terminates it cannot pair in its place.
 */
class RemotePairingTest {
    static final String NEW_ID = "gina*.pekkahome";
    @TempDir
    Path dir;
    @TempDir
    Path deviceDir;
    RelayFixture f;
    Device device;
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        f = new RelayFixture(dir).startSwitchbox().startHome();
        admin("pairing-open", "minutes", 10);
    }

    @AfterEach
    void tearDown() {
        if (device != null) {
            device.close();
        }
        f.close();
    }

    private JsonObject admin(String command, Object... namesAndValues) throws Exception {
        return AdminClient.call(f.homeDir(), command, namesAndValues);
    }

    /** A new board: no server address, no trust of its own; only the switchbox, its network and the cloud root. */
    private void startBoard(String switchbox) throws Exception {
        device = Device.builder().id(NEW_ID).viaSwitchbox(Switchbox.of(switchbox, f.cloudTls()))
                .tls(TlsOptions.builder().expiry(ExpiryPolicy.WARN).build())
                .signalMap(SimulatedBoard.signalMap()).stateDir(deviceDir).boardType("pi4")
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400)).build();
        device.addListener(new ConnectionListener() {
            @Override
            public void connected(ServerAddress s, String identity, List<Hop> hops) {
                events.add("connected " + identity + " " + hops);
            }

            @Override
            public void pairingPending(String code) {
                events.add("code " + code);
            }

            @Override
            public void failed(ServerAddress s, String reason) {
                events.add("failed " + reason);
            }
        });
        device.start();
    }

    private String next(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && e.startsWith(prefix)) {
                return e.substring(prefix.length());
            }
        }
        throw new AssertionError("no \"" + prefix + "\" event within 20 s");
    }

    @Test
    void boardPairsThroughTheSwitchboxAndKeepsWorkingAcrossRestartsOfEveryHop() throws Exception {
        startBoard(f.switchboxAddress());
        String code = next("code ");
        // The admin types the code the board shows: it is the code of the inner session the server sees, too.
        admin("approve", "name", "gina", "code", code);
        String connected = next("connected ");
        assertTrue(connected.startsWith("gina4.pekkahome"), connected);
        assertTrue(connected.contains("switchbox " + f.switchboxAddress()) && connected.contains("(end-to-end)")
                && connected.contains("verified against the trust bundle"), connected);
        // The board trusts only its home organization for the inner session now.
        List<java.security.cert.X509Certificate> trusted = PemFiles.readCertificates(new TrustStore(deviceDir).file());
        assertEquals(List.of(f.home.ca().certificate()), trusted);
        String seen = f.tapped();
        assertFalse(seen.contains("gina*") || seen.contains("pi4"), "the switchbox relayed only ciphertext");

        f.stopSwitchbox();
        f.startSwitchbox();
        f.awaitPublished();
        assertTrue(next("connected ").startsWith("gina4.pekkahome"), "back through the restarted switchbox");
        f.stopHome();
        f.startHome();
        assertTrue(next("connected ").startsWith("gina4.pekkahome"), "back after the home server restarted");
        device.close();
        events.clear();
        startBoard(f.switchboxAddress());
        String again = next("connected ");
        assertTrue(again.startsWith("gina4.pekkahome"), "the board restarted, paired already: " + again);
        assertTrue(events.stream().noneMatch(e -> e.startsWith("code ")), "no second pairing: " + events);
    }

    @Test
    void aRelayThatTerminatesTheInnerSessionShowsDifferentCodesAndIsNotApproved() throws Exception {
        try (InnerTlsInterceptor mitm = new InnerTlsInterceptor(f)) {
            startBoard("127.0.0.1:" + mitm.port());
            String boardCode = next("code ");
            // Two inner sessions, two codes. The admin types the code the board shows: it is not the code of the
            // session the server sees (which no listing shows, so it cannot be copied from there).
            AdminException e = assertThrows(AdminException.class,
                    () -> admin("approve", "name", "gina", "code", boardCode));
            assertTrue(e.getMessage().contains("wrong pairing code"), e.getMessage());
            assertTrue(events.stream().noneMatch(x -> x.startsWith("connected")), "the board never got in: " + events);
        }
    }

    /**
     * A switchbox gone bad (or anyone between) holding a cloud-issued switchbox certificate and even a certificate of
     * the home organization: it terminates the board's inner TLS itself and opens its own inner session to the home
     * server through the real switchbox, relaying the plaintext frames between the two.
     */
    static final class InnerTlsInterceptor implements AutoCloseable {
        private final ServerSocket listener;
        private final TlsServerContext outer;
        private final TlsServerContext inner;
        private final TlsClientContext upstreamOuter;
        private final TlsClientContext upstreamInner;
        private final RelayFixture f;

        InnerTlsInterceptor(RelayFixture f) throws Exception {
            this.f = f;
            IssuedPem box = f.cloud.server(f.dir, "mitm-box", "evil-switchbox");
            IssuedPem fakeHome = TestOrg.write(f.dir, "mitm-home",
                    f.home.ca().issue(CertSpec.server("pekkahome").dns("pekkahome").build()));
            outer = TlsServerContext.open(box.options().requiredLevel(SecurityLevel.TLS)
                    .clientCertificates(ClientCertificates.NONE).build());
            inner = TlsServerContext.open(fakeHome.options().requiredLevel(SecurityLevel.TLS)
                    .clientCertificates(ClientCertificates.NONE).build());
            upstreamOuter = TlsClientContext.open(f.cloudTls());
            upstreamInner = TlsClientContext.open(f.homeTls());
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Threads.start("test-interceptor", this::acceptLoop);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    Threads.start("test-interceptor-conn", () -> intercept(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void intercept(Socket tcp) {
            try (TlsConnection fromBoard = outer.accept(tcp, Duration.ofSeconds(10))) {
                Hello hello = FrameReader.readHello(fromBoard.socket().getInputStream());
                String[] box = f.switchboxAddress().split(":");
                try (TlsConnection toBox = upstreamOuter.connect(box[0], Integer.parseInt(box[1]), Duration.ofSeconds(10))) {
                    FrameWriter w = new FrameWriter(toBox.socket().getOutputStream());
                    w.writeHello(hello);
                    w.flush();
                    try (TlsConnection boardInner = inner.accept(fromBoard.socket(), Duration.ofSeconds(10));
                            TlsConnection homeInner = upstreamInner.wrap(toBox.socket(), "pekkahome",
                                    Integer.parseInt(box[1]), Duration.ofSeconds(10))) {
                        Thread up = pipe(boardInner.socket().getInputStream(), homeInner.socket().getOutputStream());
                        pipe(homeInner.socket().getInputStream(), boardInner.socket().getOutputStream()).join();
                        up.join();
                    }
                }
            } catch (Exception e) {
                // the board or the server hung up: the interception ends
            }
        }

        private static Thread pipe(InputStream in, OutputStream out) {
            return Threads.start("test-interceptor-pipe", () -> {
                byte[] buf = new byte[16 * 1024];
                try {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side ended
                }
            });
        }

        @Override
        public void close() throws IOException {
            listener.close();
            outer.close();
            inner.close();
            upstreamOuter.close();
            upstreamInner.close();
        }
    }
}
