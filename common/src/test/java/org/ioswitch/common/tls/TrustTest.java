package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.Validity;
import org.ioswitch.certs.pkcs12.Pkcs12Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only configured roots are trusted: several roots, intermediates, a pinned self-signed server, trust stores. */
class TrustTest {
    @TempDir
    Path dir;

    @Test
    void twoRootsBothWorkAndAThirdOrgIsRefused() throws Exception {
        Pki pki = new Pki(dir);
        OrgCa a = OrgCa.create("pekkahome");
        OrgCa b = OrgCa.create("oldroot");
        OrgCa c = OrgCa.create("stranger");
        Path aCrt = pki.cert("a.crt", a.certificate());
        Path bCrt = pki.cert("b.crt", b.certificate());
        TlsOptions clientOptions = TlsOptions.builder()
                .trusted(StoreFile.parseList("a.crt;b.crt", dir)).build();
        try (Loopback loop = new Loopback(); TlsClientContext client = TlsClientContext.open(clientOptions)) {
            for (OrgCa ca : List.of(a, b)) {
                try (TlsServerContext server = TlsServerContext.open(pki.server(ca.org(), Pki.server(ca, "myserver"), aCrt)
                        .requiredLevel(SecurityLevel.TLS).build());
                        Loopback.Pair pair = loop.connect(server, client, "localhost")) {
                    assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
                    assertTrue(pair.client().facts().describe().matches("TLSv1.3 TLS_AES_128_GCM_SHA256 VERIFIED peer=.*CN=myserver.*"),
                            pair.client().facts().describe());
                }
            }
            try (TlsServerContext server = TlsServerContext.open(pki.server("c", Pki.server(c, "evil"), bCrt)
                    .requiredLevel(SecurityLevel.TLS).build())) {
                String reason = loop.clientRefuses(server, client, "localhost");
                assertTrue(reason.contains("not trusted") && reason.contains("CN=stranger root"), reason);
            }
        }
    }

    @Test
    void chainWithIntermediateIsVerifiedAndAnIntermediateFromElsewhereIsNot() throws Exception {
        Pki pki = new Pki(dir);
        OrgCa root = OrgCa.create("pekkahome");
        OrgCa servers = root.createIntermediate("pekkahome servers", Validity.days(365));
        Issued leaf = servers.issue(CertSpec.server("myserver").dns("localhost").build());
        assertTrue(leaf.chain().size() >= 2, "leaf + intermediate");
        Path rootCrt = pki.cert("root.crt", root.certificate());
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", leaf, rootCrt)
                        .requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext client = TlsClientContext.open(pki.client("c", null, rootCrt).build());
                Loopback.Pair pair = loop.connect(server, client, "localhost")) {
            assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
            assertTrue(pair.client().facts().peerChain().size() >= 2);
        }
        // Without the intermediate in the presented chain the path cannot be built.
        Path other = pki.cert("other.crt", OrgCa.create("other").certificate());
        ChainVerifier verifier = ChainVerifier.of(List.of(root.certificate()));
        verifier.verifyServer(leaf.chain(), "localhost");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.security.cert.CertificateException.class,
                () -> verifier.verifyServer(List.of(leaf.certificate()), "localhost"));
        assertTrue(e.getMessage().contains("CN=pekkahome servers"), e.getMessage());
        assertFalse(other.toString().isEmpty());
    }

    @Test
    void pinnedSelfSignedServerIsTheOnlyTrust() throws Exception {
        Pki pki = new Pki(dir);
        Issued pinned = OrgCa.selfSigned(CertSpec.server("pinned").dns("localhost").build());
        Issued otherSelfSigned = OrgCa.selfSigned(CertSpec.server("pinned").dns("localhost").build());
        Path pin = pki.cert("pin.crt", pinned.certificate());
        try (Loopback loop = new Loopback();
                TlsClientContext client = TlsClientContext.open(pki.client("c", null, pin).build())) {
            try (TlsServerContext server = TlsServerContext.open(pki.server("s", pinned).requiredLevel(SecurityLevel.TLS)
                    .build()); Loopback.Pair pair = loop.connect(server, client, "localhost")) {
                assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
            }
            try (TlsServerContext server = TlsServerContext.open(pki.server("s2", otherSelfSigned)
                    .requiredLevel(SecurityLevel.TLS).build())) {
                String reason = loop.clientRefuses(server, client, "localhost");
                assertTrue(reason.contains("not trusted") || reason.contains("does not verify"), reason);
            }
        }
    }

    @Test
    void pkcs12TrustStoreAndKeychainWork() throws Exception {
        Pki pki = new Pki(dir);
        OrgCa ca = OrgCa.create("pekkahome");
        Issued issued = Pki.server(ca, "myserver");
        Pkcs12Files.write(dir.resolve("server.p12"), "server", issued.privateKey(), issued.chain(),
                "changeit".toCharArray());
        Pkcs12Files.writeTrustStore(dir.resolve("trust.p12"), List.of(ca.certificate()), "trustpw".toCharArray());
        TlsOptions serverOptions = TlsOptions.builder().keychain(StoreFile.parseKeychain("server.p12;changeit", dir))
                .requiredLevel(SecurityLevel.TLS).build();
        TlsOptions clientOptions = TlsOptions.builder().trusted(StoreFile.parseList("trust.p12;trustpw", dir)).build();
        try (Loopback loop = new Loopback(); TlsServerContext server = TlsServerContext.open(serverOptions);
                TlsClientContext client = TlsClientContext.open(clientOptions);
                Loopback.Pair pair = loop.connect(server, client, "127.0.0.1")) {
            assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
            assertArrayEquals(issued.certificate().getEncoded(), pair.client().facts().peerChain().get(0).getEncoded());
        }
        assertTrue(Arrays.asList(dir.toFile().list()).contains("trust.p12"));
    }
}
