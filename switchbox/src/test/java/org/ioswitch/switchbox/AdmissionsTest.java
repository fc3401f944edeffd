package org.ioswitch.switchbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.tunnel.TunnelFrame;
import org.ioswitch.common.tunnel.TunnelFrame.Ping;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.switchbox.account.PublisherAccount;
import org.ioswitch.switchbox.account.Accounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live trust changes on the switchbox: a CRL change or a removed account closes the tunnels it no longer admits within
 * 5 s, and the others stay.
 */
class AdmissionsTest {
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

    /** The next TUNNEL_CLOSE, answering nothing; fails unless it arrives within 5 s. */
    static TunnelClose closeWithinFiveSeconds(InputStream in) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                TunnelFrame frame;
                do {
                    frame = TunnelCodec.read(in, 1 << 20);
                } while (frame != null && !(frame instanceof TunnelClose));
                return (TunnelClose) frame;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, org.ioswitch.common.testing.OwnThread.EXECUTOR).get(5, SECONDS);
    }

    /** Shows a tunnel is still served: our PING gets its PONG. */
    static void stillServed(TlsConnection publisher) throws Exception {
        publisher.socket().getOutputStream().write(TunnelCodec.encode(new Ping(false, 77)));
        publisher.socket().getOutputStream().flush();
        TunnelFrame frame;
        do {
            // The switchbox's own keepalive PINGs may come first: skip to the answer.
            frame = LimitsTest.nextTunnelFrame(publisher.socket().getInputStream(), Ping.class);
        } while (frame instanceof Ping p && !p.pong());
        assertTrue(frame instanceof Ping p && p.token() == 77, "expected PONG 77, got " + frame);
    }

    @Test
    void removedAccountsTunnelIsClosedWithinFiveSecondsAndOthersStay() throws Exception {
        PublisherAccount otherAccount = new PublisherAccount("other", PasswordHash.create("other-pw".toCharArray()), null,
                List.of("otherhome"));
        Accounts.load(dir.resolve("accounts.json")).put(otherAccount);
        f.start(f.options().build());
        TlsConnection pekka = f.scriptedPublisher("pekka", RelayFixture.PASSWORD, "pekkahome");
        TlsConnection other = f.scriptedPublisher("other", "other-pw", "otherhome");

        // As an operator editing the file (or another switchbox CLI) would: the file is rewritten without pekka.
        Accounts.writeEmpty(dir.resolve("accounts.json"));
        Accounts.load(dir.resolve("accounts.json")).put(otherAccount);

        TunnelClose close = closeWithinFiveSeconds(pekka.socket().getInputStream());
        assertEquals(CloseCode.NOT_AUTHORIZED, close.code());
        assertTrue(close.text().contains("account pekka was removed"), close.text());
        stillServed(other);
    }

    @Test
    void revokedPublisherCertificateClosesItsTunnelWithinFiveSecondsAndOthersStay() throws Exception {
        Path crl = dir.resolve("iocafe.crl");
        X509CRL empty = f.cloud.ca().emptyCrl();
        PemFiles.writeCrl(crl, empty);
        f.start(f.options().tls(f.switchboxTls.toBuilder().crl(crl).build()).build());
        org.ioswitch.common.testing.IssuedPem lab = f.cloud.client(dir, "lab", "lab-uplink");
        TlsConnection labTunnel = f.scriptedPublisher(lab.options().trust(f.cloudRoot).build(),
                new Auth("lab", CredentialKind.CERTIFICATE, new byte[0], ""), "lab");
        TlsConnection pekka = f.scriptedPublisher("pekka", RelayFixture.PASSWORD, "pekkahome");

        Path next = dir.resolve("iocafe.crl.new");
        PemFiles.writeCrl(next, f.cloud.ca().revoke(lab.issued().certificate(), empty));
        java.nio.file.Files.move(next, crl, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        TunnelClose close = closeWithinFiveSeconds(labTunnel.socket().getInputStream());
        assertEquals(CloseCode.NOT_AUTHORIZED, close.code());
        assertTrue(close.text().contains("certificate no longer accepted") && close.text().contains("revoked"),
                close.text());
        stillServed(pekka);
    }

    @Test
    void uplinkDropsASwitchboxItsOwnCrlNoLongerAcceptsWithinFiveSeconds() throws Exception {
        f.start(f.options().build());
        Path crl = dir.resolve("uplink.crl");
        X509CRL empty = f.cloud.ca().emptyCrl();
        PemFiles.writeCrl(crl, empty);
        org.ioswitch.server.uplink.Uplink uplink = f.uplink(f.uplinkOptions()
                .tls(TlsOptions.builder().trust(f.cloudRoot).crl(crl).build()).build());
        uplink.awaitStatus(org.ioswitch.server.uplink.Uplink.Status::published, java.time.Duration.ofSeconds(10));

        java.security.cert.X509Certificate box = PemFiles.readCertificates(dir.resolve("switchbox.crt")).get(0);
        Path next = dir.resolve("uplink.crl.new");
        PemFiles.writeCrl(next, f.cloud.ca().revoke(box, empty));
        java.nio.file.Files.move(next, crl, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        org.ioswitch.server.uplink.Uplink.Status status = uplink.awaitStatus(
                st -> !st.published() && st.lastProblem() != null && st.lastProblem().contains("no longer accepted"),
                java.time.Duration.ofSeconds(5));
        assertTrue(status.lastProblem().contains("NOT_AUTHORIZED"), status.lastProblem());
    }
}
