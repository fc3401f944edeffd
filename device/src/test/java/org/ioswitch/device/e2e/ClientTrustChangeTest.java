package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.runtime.ConnectionListener;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device or operator client whose own CRL (or trust) file changes so that its server is no longer accepted is
 * disconnected within 5 s, not only refused next time; a client whose files did not change stays.
 */
class ClientTrustChangeTest {
    @TempDir
    Path dir;
    HomeFixture home;
    X509CRL empty;
    X509Certificate serverCert;

    @BeforeEach
    void setUp() throws Exception {
        home = new HomeFixture(dir.resolve("server")).start();
        empty = home.ca.emptyCrl();
        serverCert = PemFiles.readCertificates(home.dir.resolve("server.crt")).get(0);
    }

    @AfterEach
    void tearDown() {
        home.close();
    }

    private Path crl(String name) throws Exception {
        Path file = dir.resolve(name);
        PemFiles.writeCrl(file, empty);
        return file;
    }

    /** Replaces {@code crl} atomically with one that revokes the server's certificate. */
    private void revokeServer(Path crl) throws Exception {
        Path next = dir.resolve(crl.getFileName() + ".new");
        PemFiles.writeCrl(next, home.ca.revoke(serverCert, empty));
        Files.move(next, crl, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void operatorClientIsDisconnectedWithinFiveSecondsWhenItsCrlRevokesTheServer() throws Exception {
        Path crlA = crl("a.crl");
        Path crlB = crl("b.crl");
        OperatorOptions.Builder b = OperatorOptions.builder().server(home.address()).network("pekkahome")
                .user("alice").password("alicepw");
        try (OperatorClient changed = OperatorClient.connect(b.tls(home.clientTls().toBuilder().crl(crlA).build()).build());
                OperatorClient unchanged = OperatorClient.connect(
                        b.tls(home.clientTls().toBuilder().crl(crlB).build()).build())) {
            revokeServer(crlA);
            CloseReason reason = changed.closed().get(5, TimeUnit.SECONDS);
            assertEquals(CloseCode.NOT_AUTHORIZED, reason.code());
            assertTrue(reason.text().contains("no longer accepted") && reason.text().contains("revoked"), reason.text());
            assertNotNull(unchanged.listDevices(), "the client whose files did not change still works");
            assertTrue(unchanged.connected());
        }
    }

    @Test
    void deviceIsDisconnectedWithinFiveSecondsWhenItsCrlRevokesTheServer() throws Exception {
        Path crl = crl("device.crl");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Device device = Device.builder().id("gina3.pekkahome").server(home.address())
                .tls(home.clientTls().toBuilder().crl(crl).build()).signalMap(SimulatedBoard.signalMap())
                .password("devpw").backoff(Duration.ofSeconds(5), Duration.ofSeconds(10)).build();
                OperatorClient watcher = OperatorClient.connect(OperatorOptions.builder().server(home.address())
                        .network("pekkahome").user("alice").password("alicepw").tls(home.clientTls()).build())) {
            device.addListener(new ConnectionListener() {
                @Override
                public void connected(ServerAddress s, String identity) {
                    events.add("connected");
                }

                @Override
                public void disconnected(ServerAddress s, CloseReason reason) {
                    events.add("disconnected " + reason);
                }
            });
            device.start();
            assertEquals("connected", events.poll(20, TimeUnit.SECONDS));

            revokeServer(crl);
            String event = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(event, "no disconnect within 5 s of the CRL change");
            assertTrue(event.startsWith("disconnected") && event.contains("NOT_AUTHORIZED")
                    && event.contains("no longer accepted"), event);
            // The operator, whose files did not change, is still connected.
            assertNotNull(watcher.listDevices());
        }
    }
}
