package org.ioswitch.certs.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.Openssl;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.certs.pkcs12.Pkcs12Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrgCaTest {
    @TempDir
    Path dir;

    @Test
    void opensslVerifiesIssuedServerCertificateAndShowsSan() throws Exception {
        OrgCa ca = OrgCa.create("pekkahome");
        Issued server = ca.issue(CertSpec.server("myserver").dns("localhost").ip("127.0.0.1").build());
        PemFiles.writeCertificates(dir.resolve("root.crt"), List.of(ca.certificate()));
        PemFiles.writeCertificates(dir.resolve("server.crt"), server.chain());

        Openssl.Result verify = Openssl.run(dir, "verify", "-CAfile", "root.crt", "server.crt");
        assertTrue(verify.ok(), verify.output());
        Openssl.Result text = Openssl.run(dir, "x509", "-in", "server.crt", "-noout", "-text");
        assertTrue(text.output().contains("DNS:localhost"), text.output());
        assertTrue(text.output().contains("IP Address:127.0.0.1"), text.output());
        assertTrue(text.output().contains("TLS Web Server Authentication"), text.output());
    }

    @Test
    void opensslRefusesCertificateOfAnotherOrganization() throws Exception {
        OrgCa ca = OrgCa.create("pekkahome");
        OrgCa other = OrgCa.create("intruder");
        PemFiles.writeCertificates(dir.resolve("root.crt"), List.of(ca.certificate()));
        PemFiles.writeCertificates(dir.resolve("server.crt"),
                List.of(other.issue(CertSpec.server("x").build()).certificate()));
        assertFalse(Openssl.run(dir, "verify", "-CAfile", "root.crt", "server.crt").ok());
    }

    @Test
    void intermediateChainVerifies() throws Exception {
        OrgCa root = OrgCa.create("pekkahome");
        OrgCa mid = root.createIntermediate("pekkahome issuing", Validity.days(365));
        Issued leaf = mid.issue(CertSpec.client("alice").build());
        assertEquals(3, leaf.chain().size());
        PemFiles.writeCertificates(dir.resolve("root.crt"), List.of(root.certificate()));
        PemFiles.writeCertificates(dir.resolve("mid.crt"), List.of(mid.certificate()));
        PemFiles.writeCertificates(dir.resolve("leaf.crt"), List.of(leaf.certificate()));
        Openssl.Result r = Openssl.run(dir, "verify", "-CAfile", "root.crt", "-untrusted", "mid.crt", "leaf.crt");
        assertTrue(r.ok(), r.output());
    }

    @Test
    void expiredCertificateHasPastValidityAndOpensslSaysExpired() throws Exception {
        OrgCa ca = OrgCa.create("pekkahome");
        Instant now = Instant.now();
        Issued old = ca.issue(CertSpec.server("old").validity(
                Validity.between(now.minus(400, ChronoUnit.DAYS), now.minus(10, ChronoUnit.DAYS))).build());
        PemFiles.writeCertificates(dir.resolve("root.crt"), List.of(ca.certificate()));
        PemFiles.writeCertificates(dir.resolve("old.crt"), List.of(old.certificate()));
        Openssl.Result r = Openssl.run(dir, "verify", "-CAfile", "root.crt", "old.crt");
        assertFalse(r.ok());
        assertTrue(r.output().contains("expired"), r.output());
    }

    @Test
    void encryptedKeysRoundTripAndOpensslReadsThem() throws Exception {
        for (KeyKind kind : List.of(KeyKind.RSA_2048, KeyKind.EC_P256)) {
            encryptedKeyRoundTrip(kind);
        }
    }

    private void encryptedKeyRoundTrip(KeyKind kind) throws Exception {
        OrgCa ca = OrgCa.create("pekkahome");
        Issued s = ca.issue(CertSpec.server("s").keyKind(kind).build());
        char[] pw = "s3cret".toCharArray();
        PemFiles.writePrivateKey(dir.resolve("p8.key"), s.privateKey(), pw);
        PemFiles.writeTraditionalKey(dir.resolve("trad.key"), s.privateKey(), pw);
        assertEquals(secret(s.privateKey()), secret(PemFiles.readPrivateKey(dir.resolve("p8.key"), pw)));
        assertEquals(secret(s.privateKey()), secret(PemFiles.readPrivateKey(dir.resolve("trad.key"), pw)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("p8.key"))));
        assertTrue(Files.readString(dir.resolve("trad.key")).contains("Proc-Type: 4,ENCRYPTED"));
        for (String f : List.of("p8.key", "trad.key")) {
            Openssl.Result r = Openssl.run(dir, "pkey", "-in", f, "-passin", "pass:s3cret", "-noout");
            assertTrue(r.ok(), kind + " " + f + ": " + r.output());
        }
    }

    /** The key's secret value; encodings of the same EC key differ in whether they repeat the curve inside. */
    private static Object secret(java.security.PrivateKey key) {
        return key instanceof java.security.interfaces.ECPrivateKey ec ? ec.getS() : key;
    }

    @Test
    void wrongPasswordNamesTheFile() throws Exception {
        Issued s = OrgCa.create("o").issue(CertSpec.server("s").build());
        PemFiles.writePrivateKey(dir.resolve("k.key"), s.privateKey(), "right".toCharArray());
        CertsException e = assertThrows(CertsException.class,
                () -> PemFiles.readPrivateKey(dir.resolve("k.key"), "wrong".toCharArray()));
        assertTrue(e.getMessage().contains("k.key") && e.getMessage().contains("password"), e.getMessage());
        Files.writeString(dir.resolve("junk.crt"), "hello");
        CertsException g = assertThrows(CertsException.class, () -> PemFiles.readCertificates(dir.resolve("junk.crt")));
        assertTrue(g.getMessage().contains("junk.crt"), g.getMessage());
    }

    @Test
    void signsCsrMadeByOpensslReq() throws Exception {
        OrgCa ca = OrgCa.create("pekkahome");
        Openssl.Result req = Openssl.run(dir, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "h.key",
                "-out", "h.csr", "-subj", "/CN=home.pekkahome", "-addext", "subjectAltName=DNS:home.pekkahome,IP:10.0.0.2");
        assertTrue(req.ok(), req.output());
        var cert = ca.sign(PemFiles.readCsr(dir.resolve("h.csr")), Usage.SERVER, Validity.days(30));
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=home.pekkahome"));
        assertTrue(cert.getSubjectAlternativeNames().toString().contains("10.0.0.2"));
        cert.verify(ca.certificate().getPublicKey());
    }

    @Test
    void revokedCertificateIsListedAndOpensslRefusesIt() throws Exception {
        OrgCa ca = OrgCa.create("pekkahome");
        Issued a = ca.issue(CertSpec.client("a").build());
        Issued b = ca.issue(CertSpec.client("b").build());
        X509CRL crl = ca.revoke(b.certificate(), ca.revoke(a.certificate(), null));
        assertTrue(crl.isRevoked(a.certificate()) && crl.isRevoked(b.certificate()));
        X509CRL onlyB = ca.revoke(b.certificate(), ca.emptyCrl());
        assertFalse(onlyB.isRevoked(a.certificate()));
        PemFiles.writeCertificates(dir.resolve("root.crt"), List.of(ca.certificate()));
        PemFiles.writeCrl(dir.resolve("o.crl"), onlyB);
        PemFiles.writeCertificates(dir.resolve("a.crt"), List.of(a.certificate()));
        PemFiles.writeCertificates(dir.resolve("b.crt"), List.of(b.certificate()));
        assertTrue(Openssl.run(dir, "verify", "-crl_check", "-CRLfile", "o.crl", "-CAfile", "root.crt", "a.crt").ok());
        Openssl.Result r = Openssl.run(dir, "verify", "-crl_check", "-CRLfile", "o.crl", "-CAfile", "root.crt", "b.crt");
        assertFalse(r.ok());
        assertTrue(r.output().contains("revoked"), r.output());
    }

    @Test
    void pkcs12KeychainOpensWithOpenssl() throws Exception {
        OrgCa ca = OrgCa.create("pekkahome");
        Issued s = ca.issue(CertSpec.server("s").build());
        Pkcs12Files.write(dir.resolve("s.p12"), "s", s.privateKey(), s.chain(), "changeit".toCharArray());
        Openssl.Result r = Openssl.run(dir, "pkcs12", "-in", "s.p12", "-passin", "pass:changeit", "-nokeys");
        assertTrue(r.ok(), r.output());
        assertTrue(r.output().contains("BEGIN CERTIFICATE"));
    }
}
