package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.Validity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry off/warn/enforce for expired and not-yet-valid certificates, the clock floor, and CRLs. */
class ExpiryAndRevocationTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;
    Pki pki;
    OrgCa home;
    Path root;

    @BeforeEach
    void pki() throws Exception {
        pki = new Pki(dir);
        home = OrgCa.create("pekkahome");
        root = pki.cert("root.crt", home.certificate());
    }

    private Issued server(Validity validity) {
        return home.issue(CertSpec.server("myserver").dns("localhost").validity(validity).build());
    }

    private String refusedWith(Issued serverCert, TlsOptions clientOptions) throws Exception {
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", serverCert).requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext client = TlsClientContext.open(clientOptions)) {
            return loop.clientRefuses(server, client, "localhost");
        }
    }

    private SecurityLevel connectsWith(Issued serverCert, TlsOptions clientOptions) throws Exception {
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", serverCert).requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext client = TlsClientContext.open(clientOptions);
                Loopback.Pair pair = loop.connect(server, client, "localhost")) {
            return pair.client().facts().level();
        }
    }

    @Test
    void expiredServerCertificateIsRefusedWhenEnforcedAndAcceptedWhenWarnOrOff() throws Exception {
        Issued expired = server(Validity.between(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))));
        TlsOptions enforce = TlsOptions.builder().trust(root).expiry(ExpiryPolicy.ENFORCE).build();
        String reason = refusedWith(expired, enforce);
        assertTrue(reason.contains("CN=myserver") && reason.contains("expired ") && reason.contains("expiry=enforce"), reason);
        assertEquals(SecurityLevel.VERIFIED, connectsWith(expired, enforce.toBuilder().expiry(ExpiryPolicy.WARN).build()));
        assertEquals(SecurityLevel.VERIFIED, connectsWith(expired, enforce.toBuilder().expiry(ExpiryPolicy.OFF).build()));
    }

    @Test
    void notYetValidServerCertificateIsRefusedWhenEnforcedAndAcceptedWhenWarn() throws Exception {
        Issued future = server(Validity.between(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))));
        TlsOptions enforce = TlsOptions.builder().trust(root).build();
        String reason = refusedWith(future, enforce);
        assertTrue(reason.contains("not valid before") && reason.contains("expiry=enforce"), reason);
        assertEquals(SecurityLevel.VERIFIED, connectsWith(future, enforce.toBuilder().expiry(ExpiryPolicy.WARN).build()));
    }

    @Test
    void warnStillVerifiesTheChain() throws Exception {
        OrgCa stranger = OrgCa.create("stranger");
        Issued expiredForeign = stranger.issue(CertSpec.server("evil").dns("localhost")
                .validity(Validity.between(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)))).build());
        String reason = refusedWith(expiredForeign, TlsOptions.builder().trust(root).expiry(ExpiryPolicy.WARN).build());
        assertTrue(reason.contains("not trusted"), reason);
    }

    @Test
    void clockFloorLetsADeviceThatBootedIn1970CheckAgainstALaterTime() throws Exception {
        // A certificate valid from tomorrow looks like every certificate does to a Pi whose clock says 1970.
        Issued future = server(Validity.between(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))));
        TlsOptions withFloor = TlsOptions.builder().trust(root).clockFloor(NOW.plus(Duration.ofDays(2))).build();
        assertEquals(SecurityLevel.VERIFIED, connectsWith(future, withFloor));
        TlsOptions floorInThePast = withFloor.toBuilder().clockFloor(NOW.minus(Duration.ofDays(365))).build();
        assertTrue(refusedWith(future, floorInThePast).contains("not valid before"));
    }

    @Test
    void expiredClientCertificateIsRefusedByAnEnforcingServer() throws Exception {
        Issued serverCert = Pki.server(home, "myserver");
        Issued expiredAlice = home.issue(CertSpec.client("alice")
                .validity(Validity.between(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)))).build());
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", serverCert, root).build());
                TlsClientContext client = TlsClientContext.open(pki.client("alice", expiredAlice, root).build())) {
            String reason = loop.serverRefuses(server, client, "localhost");
            assertTrue(reason.contains("CN=alice") && reason.contains("expired"), reason);
        }
    }

    @Test
    void revokedClientIsRefusedAndUnrevokedClientIsAccepted() throws Exception {
        Issued serverCert = Pki.server(home, "myserver");
        Issued alice = home.issue(CertSpec.client("alice").build());
        Issued bob = home.issue(CertSpec.client("bob").build());
        X509CRL crl = home.revoke(alice.certificate(), null);
        Path crlFile = pki.crl("home.crl", crl);
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", serverCert, root).crl(crlFile).build());
                TlsClientContext aliceClient = TlsClientContext.open(pki.client("alice", alice, root).build());
                TlsClientContext bobClient = TlsClientContext.open(pki.client("bob", bob, root).build())) {
            String reason = loop.serverRefuses(server, aliceClient, "localhost");
            assertTrue(reason.contains("CN=alice") && reason.contains("revoked"), reason);
            try (Loopback.Pair pair = loop.connect(server, bobClient, "localhost")) {
                assertEquals(SecurityLevel.VERIFIED, pair.server().facts().level());
            }
            CertificateException e = assertThrows(CertificateException.class, () -> server.revalidate(alice.chain()));
            assertTrue(e.getMessage().contains("revoked"));
            server.revalidate(bob.chain());
        }
    }

    @Test
    void revokedServerIsRefusedByAClientWithTheCrl() throws Exception {
        Issued serverCert = Pki.server(home, "myserver");
        Path crlFile = pki.crl("home.crl", home.revoke(serverCert.certificate(), null));
        String reason = refusedWith(serverCert, TlsOptions.builder().trust(root).crl(crlFile).build());
        assertTrue(reason.contains("revoked"), reason);
        Path emptyCrl = pki.crl("empty.crl", home.emptyCrl());
        assertEquals(SecurityLevel.VERIFIED, connectsWith(serverCert, TlsOptions.builder().trust(root).crl(emptyCrl).build()));
    }

    @Test
    void crlFromAnotherCaWithAForgedNameDoesNotCount() throws Exception {
        Issued serverCert = Pki.server(home, "myserver");
        OrgCa impostor = OrgCa.create("pekkahome"); // same names, different key
        X509CRL forged = impostor.revoke(serverCert.certificate(), null);
        ChainVerifier verifier = new ChainVerifier(List.of(home.certificate()), ExpiryPolicy.ENFORCE, List.of(forged),
                () -> Instant.EPOCH);
        verifier.verifyServer(serverCert.chain(), "localhost");
        Path forgedFile = pki.crl("forged.crl", forged);
        TlsSetupException e = assertThrows(TlsSetupException.class,
                () -> TlsClientContext.open(TlsOptions.builder().trust(root).crl(forgedFile).build()));
        assertTrue(e.getMessage().contains("forged.crl") && e.getMessage().contains("signature"), e.getMessage());
    }
}
