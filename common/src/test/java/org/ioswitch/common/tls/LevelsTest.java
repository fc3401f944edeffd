package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security levels on both sides, client certificates and the authenticated name, host name checks. */
class LevelsTest {
    @TempDir
    Path dir;
    Pki pki;
    OrgCa home;
    OrgCa stranger;
    Path homeRoot;
    Issued serverCert;
    Issued strangerServer;

    @BeforeEach
    void pki() throws Exception {
        pki = new Pki(dir);
        home = OrgCa.create("pekkahome");
        stranger = OrgCa.create("stranger");
        homeRoot = pki.cert("home.crt", home.certificate());
        serverCert = Pki.server(home, "myserver");
        strangerServer = Pki.server(stranger, "evil");
    }

    @Test
    void clientLevelVerifiedRefusesAnUnverifiableServerAndLevelTlsAcceptsItUnverified() throws Exception {
        try (Loopback loop = new Loopback();
                TlsServerContext evil = TlsServerContext.open(pki.server("evil", strangerServer).requiredLevel(SecurityLevel.NONE).build());
                TlsClientContext verified = TlsClientContext.open(pki.client("c", null, homeRoot).build());
                TlsClientContext tls = TlsClientContext.open(pki.client("c", null, homeRoot).requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext none = TlsClientContext.open(pki.client("c", null).requiredLevel(SecurityLevel.NONE).build())) {
            assertTrue(loop.clientRefuses(evil, verified, "localhost").contains("not trusted"));
            try (Loopback.Pair pair = loop.connect(evil, tls, "localhost")) {
                assertEquals(SecurityLevel.TLS, pair.client().facts().level());
                assertEquals(Optional.empty(), pair.client().facts().authenticatedName());
            }
            try (Loopback.Pair pair = loop.connect(evil, none, "localhost")) {
                assertEquals(SecurityLevel.TLS, pair.client().facts().level());
            }
        }
    }

    @Test
    void clientLevelTlsStillReportsVerifiedWhenTheServerVerifies() throws Exception {
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", serverCert).requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext tls = TlsClientContext.open(pki.client("c", null, homeRoot).requiredLevel(SecurityLevel.TLS).build());
                Loopback.Pair pair = loop.connect(server, tls, "localhost")) {
            assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
            assertEquals(SecurityLevel.TLS, pair.server().facts().level(), "the client sent no certificate");
        }
    }

    @Test
    void listenerLevelVerifiedRequiresAVerifiedClientCertificate() throws Exception {
        Issued alice = home.issue(CertSpec.client("alice").build());
        Issued mallory = stranger.issue(CertSpec.client("mallory").build());
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", serverCert, homeRoot).build());
                TlsClientContext withCert = TlsClientContext.open(pki.client("alice", alice, homeRoot).build());
                TlsClientContext without = TlsClientContext.open(pki.client("anon", null, homeRoot).build());
                TlsClientContext foreign = TlsClientContext.open(pki.client("mallory", mallory, homeRoot).build())) {
            try (Loopback.Pair pair = loop.connect(server, withCert, "localhost")) {
                assertEquals(SecurityLevel.VERIFIED, pair.server().facts().level());
                assertEquals(Optional.of("alice"), pair.server().facts().authenticatedName());
            }
            String noCert = loop.serverRefuses(server, without, "localhost");
            assertTrue(noCert.contains("client presented no certificate, requiredLevel=verified"), noCert);
            String wrongOrg = loop.serverRefuses(server, foreign, "localhost");
            assertTrue(wrongOrg.contains("CN=mallory") && wrongOrg.contains("not trusted"), wrongOrg);
        }
    }

    @Test
    void listenerLevelTlsAcceptsClientsWithoutCertificate() throws Exception {
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", serverCert).requiredLevel(SecurityLevel.TLS)
                        .clientCertificates(ClientCertificates.NONE).build());
                TlsClientContext anon = TlsClientContext.open(pki.client("anon", null, homeRoot).build());
                Loopback.Pair pair = loop.connect(server, anon, "localhost")) {
            assertEquals(SecurityLevel.TLS, pair.server().facts().level());
            assertEquals("", pair.server().facts().peerSubject());
        }
    }

    @Test
    void clientCertificatesNoneOptionalRequire() throws Exception {
        Issued alice = home.issue(CertSpec.client("alice").build());
        Issued mallory = stranger.issue(CertSpec.client("mallory").build());
        TlsOptions base = pki.server("s", serverCert, homeRoot).requiredLevel(SecurityLevel.TLS).build();
        try (Loopback loop = new Loopback();
                TlsServerContext none = TlsServerContext.open(base.toBuilder().clientCertificates(ClientCertificates.NONE).build());
                TlsServerContext optional = TlsServerContext.open(base.toBuilder().clientCertificates(ClientCertificates.OPTIONAL).build());
                TlsServerContext require = TlsServerContext.open(base.toBuilder().clientCertificates(ClientCertificates.REQUIRE).build());
                TlsClientContext withCert = TlsClientContext.open(pki.client("alice", alice, homeRoot).build());
                TlsClientContext anon = TlsClientContext.open(pki.client("anon", null, homeRoot).build());
                TlsClientContext foreign = TlsClientContext.open(pki.client("mallory", mallory, homeRoot).build())) {
            try (Loopback.Pair pair = loop.connect(none, withCert, "localhost")) {
                assertEquals(SecurityLevel.TLS, pair.server().facts().level(), "none does not ask for a certificate");
            }
            try (Loopback.Pair pair = loop.connect(optional, withCert, "localhost")) {
                assertEquals(Optional.of("alice"), pair.server().facts().authenticatedName());
            }
            try (Loopback.Pair pair = loop.connect(optional, anon, "localhost")) {
                assertEquals(SecurityLevel.TLS, pair.server().facts().level());
                assertEquals(Optional.empty(), pair.server().facts().authenticatedName());
            }
            assertTrue(loop.serverRefuses(optional, foreign, "localhost").contains("not trusted"));
            try (Loopback.Pair pair = loop.connect(require, withCert, "localhost")) {
                assertEquals(SecurityLevel.VERIFIED, pair.server().facts().level());
            }
            String reason = loop.serverRefuses(require, anon, "localhost");
            assertTrue(reason.contains("no certificate") && reason.contains("clientCertificates=require"), reason);
        }
    }

    @Test
    void clientNameFieldIsConfigurable() throws Exception {
        Issued alice = home.issue(CertSpec.client("alice").build());
        try (Loopback loop = new Loopback();
                TlsServerContext byOrg = TlsServerContext.open(pki.server("s", serverCert, homeRoot).clientNameField("O").build());
                TlsServerContext byUid = TlsServerContext.open(pki.server("s", serverCert, homeRoot).clientNameField("UID").build());
                TlsClientContext client = TlsClientContext.open(pki.client("alice", alice, homeRoot).build())) {
            try (Loopback.Pair pair = loop.connect(byOrg, client, "localhost")) {
                assertEquals(Optional.of("pekkahome"), pair.server().facts().authenticatedName());
            }
            try (Loopback.Pair pair = loop.connect(byUid, client, "localhost")) {
                assertEquals(Optional.empty(), pair.server().facts().authenticatedName(), "no UID in the subject");
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.builder().clientNameField("shoeSize").build());
        assertTrue(e.getMessage().contains("clientNameField") && e.getMessage().contains("shoeSize"));
    }

    @Test
    void hostNameIsCheckedAgainstSansAndCanBeSwitchedOff() throws Exception {
        Issued named = home.issue(CertSpec.server("myserver").dns("myserver.pekkahome", "localhost").ip("127.0.0.1").build());
        Issued elsewhere = home.issue(CertSpec.server("other").dns("other.pekkahome").build());
        try (Loopback loop = new Loopback();
                TlsServerContext good = TlsServerContext.open(pki.server("good", named).requiredLevel(SecurityLevel.TLS).build());
                TlsServerContext wrong = TlsServerContext.open(pki.server("wrong", elsewhere).requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext checking = TlsClientContext.open(pki.client("c", null, homeRoot).build());
                TlsClientContext unchecked = TlsClientContext.open(pki.client("c", null, homeRoot).verifyHostname(false).build())) {
            try (Loopback.Pair pair = loop.connect(good, checking, "localhost")) {
                assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
            }
            try (Loopback.Pair pair = loop.connect(good, checking, "127.0.0.1")) {
                assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
            }
            String reason = loop.clientRefuses(wrong, checking, "localhost");
            assertTrue(reason.contains("host name \"localhost\"") && reason.contains("DNS:other.pekkahome"), reason);
            try (Loopback.Pair pair = loop.connect(wrong, unchecked, "localhost")) {
                assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
            }
        }
    }

    @Test
    void hostNameFallsBackToCnOnlyWithoutSans() throws Exception {
        Issued cnOnly = home.issue(CertSpec.server("localhost").build());
        Issued cnWrong = home.issue(CertSpec.server("myserver").build());
        ChainVerifier verifier = ChainVerifier.of(java.util.List.of(home.certificate()));
        verifier.verifyServer(cnOnly.chain(), "localhost");
        Exception e = assertThrows(java.security.cert.CertificateException.class,
                () -> verifier.verifyServer(cnWrong.chain(), "localhost"));
        assertTrue(e.getMessage().contains("CN is myserver") || e.getMessage().contains("SANs found"), e.getMessage());
    }

    @Test
    void verifiedClientWithoutTrustedRootsIsASetupError() {
        TlsSetupException e = assertThrows(TlsSetupException.class,
                () -> TlsClientContext.open(TlsOptions.builder().build()));
        assertTrue(e.getMessage().contains("trusted"), e.getMessage());
    }
}
