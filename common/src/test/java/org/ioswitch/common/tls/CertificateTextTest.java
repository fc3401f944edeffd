package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.Validity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates print as openssl prints them; the own-certificate warning starts 30 days before expiry. */
class CertificateTextTest {
    @TempDir
    Path dir;

    @Test
    void serialAndFingerprintReadAsOpensslPrintsThem() throws Exception {
        Pki pki = new Pki(dir);
        X509Certificate leaf = Pki.server(OrgCa.create("pekkahome"), "myserver").certificate();
        pki.cert("leaf.crt", leaf);
        String openssl = pki.ok("openssl", "x509", "-in", "leaf.crt", "-noout", "-serial", "-fingerprint", "-sha256");
        assertTrue(openssl.contains("serial=" + CertificateText.serial(leaf.getSerialNumber())), openssl);
        assertTrue(openssl.contains("Fingerprint=" + CertificateText.sha256(leaf)), openssl);
        assertEquals("0A", CertificateText.serial(java.math.BigInteger.TEN), "an even number of upper-case digits");
    }

    @Test
    void emailAddressIsPrintedByName() throws Exception {
        Pki pki = new Pki(dir);
        pki.ok("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "e.key", "-out", "e.crt", "-days", "1", "-subj", "/CN=alice/emailAddress=alice@pekkahome.example");
        X509Certificate cert = org.ioswitch.certs.pem.PemFiles.readCertificates(dir.resolve("e.crt")).get(0);
        assertEquals("emailAddress=alice@pekkahome.example,CN=alice", CertificateText.subject(cert));
    }

    @Test
    void ownCertificateWarningStartsThirtyDaysBeforeExpiryAndSaysExpiredOnceItHas() {
        OrgCa ca = OrgCa.create("pekkahome");
        Instant notAfter = Instant.parse("2027-03-01T00:00:00Z");
        X509Certificate leaf = ca.issue(CertSpec.server("hub").dns("hub")
                .validity(Validity.between(notAfter.minus(Duration.ofDays(365)), notAfter)).build()).certificate();
        List<X509Certificate> chain = List.of(leaf);
        String key = "tls.certificate server.crt";

        assertEquals(Optional.empty(), OwnCertificateExpiry.warning(chain, notAfter.minus(Duration.ofDays(31)), "server", key));
        String soon = OwnCertificateExpiry.warning(chain, notAfter.minus(Duration.ofDays(29)), "server", key).orElseThrow();
        assertTrue(soon.startsWith("server certificate O=pekkahome,CN=hub (SHA-256 ")
                && soon.contains("expires 2027-03-01 (29 days left): renew it (tls.certificate server.crt)"), soon);
        String expired = OwnCertificateExpiry.warning(chain, notAfter.plus(Duration.ofDays(2)), "server", key).orElseThrow();
        assertTrue(expired.contains("expired on 2027-03-01"), expired);
        assertEquals(Optional.empty(), OwnCertificateExpiry.warning(List.of(), notAfter, "server", key));
    }
}
