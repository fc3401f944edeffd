package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.Validity;
import org.ioswitch.common.testing.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server remembers the client certificates whose signature it verified (a fleet reconnects with the same ones), and
 * the memory never accepts what a fresh check would refuse: another certificate with the same names, the same bytes
 * with another signature, and a remembered certificate once it has expired are all refused.
 */
class KnownCertificatesTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;
    Pki pki;
    OrgCa home;
    Path root;
    MovableClock clock;
    Issued alice;

    @BeforeEach
    void pki() throws Exception {
        pki = new Pki(dir);
        home = OrgCa.create("pekkahome");
        root = pki.cert("root.crt", home.certificate());
        clock = new MovableClock(NOW);
        alice = home.issue(CertSpec.client("alice").validity(Validity.between(NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(10)))).build());
    }

    private TlsServerContext server() throws Exception {
        Issued serverCert = home.issue(CertSpec.server("myserver").dns("localhost").build());
        return TlsServerContext.open(pki.server("s", serverCert, root).requiredLevel(SecurityLevel.TLS)
                .clientCertificates(ClientCertificates.REQUIRE).clock(clock).build());
    }

    @Test
    void aClientCertificateSeenBeforeIsAcceptedAgainFromMemory() throws Exception {
        try (Loopback loop = new Loopback(); TlsServerContext server = server();
                TlsClientContext client = TlsClientContext.open(pki.client("alice", alice, root).build())) {
            for (int i = 0; i < 3; i++) {
                try (Loopback.Pair pair = loop.connect(server, client, "localhost")) {
                    assertEquals(SecurityLevel.VERIFIED, pair.server().facts().level());
                    assertEquals(Optional.of("alice"), pair.server().facts().authenticatedName());
                }
            }
            assertEquals(2, server.verifier().rememberedCertificates(), "alice's certificate and the root, read once");
        }
    }

    @Test
    void aTwinWithTheSameNamesFromAnotherKeyIsRefusedAfterTheRealOneWasRemembered() throws Exception {
        // Same organization name, so the same issuer DN as the trusted root, but another key.
        OrgCa twin = OrgCa.create("pekkahome");
        assertEquals(home.certificate().getSubjectX500Principal(), twin.certificate().getSubjectX500Principal());
        Issued fakeAlice = twin.issue(CertSpec.client("alice").build());
        try (Loopback loop = new Loopback(); TlsServerContext server = server();
                TlsClientContext real = TlsClientContext.open(pki.client("alice", alice, root).build());
                TlsClientContext fake = TlsClientContext.open(pki.client("fake", fakeAlice, root).build())) {
            loop.connect(server, real, "localhost").close();
            String reason = loop.serverRefuses(server, fake, "localhost");
            assertTrue(reason.contains("signature of") && reason.contains("CN=alice")
                    && reason.contains("does not verify"), reason);
        }
    }

    @Test
    void theSameCertificateWithAnotherSignatureIsRefusedAfterTheRealOneWasRemembered() throws Exception {
        // alice's own bytes and key, but the last byte of the signature changed: only the signature check tells.
        byte[] der = alice.certificate().getEncoded();
        der[der.length - 1] ^= 0x01;
        X509Certificate tampered = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        assertEquals(alice.certificate().getPublicKey(), tampered.getPublicKey());
        assertNotEquals(alice.certificate(), tampered);
        Path crt = pki.cert("tampered.crt", tampered);
        Path key = pki.key("tampered.key", alice.privateKey(), null);
        try (Loopback loop = new Loopback(); TlsServerContext server = server();
                TlsClientContext real = TlsClientContext.open(pki.client("alice", alice, root).build());
                TlsClientContext fake = TlsClientContext.open(TlsOptions.builder().certificate(crt).privateKey(key)
                        .trust(root).build())) {
            loop.connect(server, real, "localhost").close();
            String reason = loop.serverRefuses(server, fake, "localhost");
            assertTrue(reason.contains("does not verify") && reason.contains("CN=alice"), reason);
        }
    }

    @Test
    void aRememberedCertificateIsRefusedOnceItHasExpired() throws Exception {
        try (Loopback loop = new Loopback(); TlsServerContext server = server();
                TlsClientContext client = TlsClientContext.open(pki.client("alice", alice, root).build())) {
            loop.connect(server, client, "localhost").close();
            clock.advance(Duration.ofDays(11));
            String reason = loop.serverRefuses(server, client, "localhost");
            assertTrue(reason.contains("CN=alice") && reason.contains("expired") && reason.contains("expiry=enforce"),
                    reason);
        }
    }
}
