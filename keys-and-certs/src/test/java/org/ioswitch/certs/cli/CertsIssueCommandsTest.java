package org.ioswitch.certs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.ioswitch.certs.Openssl;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.certs.pkcs12.Pkcs12Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Happy paths of every issuing subcommand, checked with the real openssl. */
class CertsIssueCommandsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void initOrg() {
        Cli.Result r = Cli.run("init-org", "pekkahome", "--dir", dir.resolve("ca").toString(), "--password", "rootpw");
        assertEquals(0, r.exit(), r.toString());
    }

    private String ca(String file) {
        return dir.resolve("ca").resolve(file).toString();
    }

    private String[] org() {
        return new String[] {"--org-dir", dir.resolve("ca").toString(), "--org", "pekkahome", "--org-password", "rootpw"};
    }

    private String[] withOrg(String subcommand, String... rest) {
        return concat(concat(new String[] {subcommand}, org()), rest);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void initOrgWritesSelfSignedRootAndEncryptedOwnerOnlyKey() throws Exception {
        Openssl.Result text = Openssl.run(dir, "x509", "-in", ca("pekkahome-root.crt"), "-noout", "-text");
        assertTrue(text.ok(), text.output());
        assertTrue(text.output().contains("O = pekkahome"), text.output());
        assertTrue(text.output().contains("CA:TRUE"), text.output());
        Path key = dir.resolve("ca/pekkahome-root.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).contains("BEGIN ENCRYPTED PRIVATE KEY"));
        assertTrue(Openssl.run(dir, "pkey", "-in", key.toString(), "-passin", "pass:rootpw", "-noout").ok());
        assertFalse(Openssl.run(dir, "pkey", "-in", key.toString(), "-passin", "pass:wrong", "-noout").ok());
    }

    @Test
    void initOrgRefusesToReplaceRootUnlessForced() throws Exception {
        String before = Files.readString(dir.resolve("ca/pekkahome-root.crt"));
        Cli.Result again = Cli.run("init-org", "pekkahome", "--dir", ca(""));
        assertEquals(1, again.exit(), again.toString());
        assertEquals(1, again.errLines().length, again.toString());
        assertTrue(again.err().contains("pekkahome-root.crt: already exists"), again.err());
        assertEquals(before, Files.readString(dir.resolve("ca/pekkahome-root.crt")));

        Cli.Result forced = Cli.run("init-org", "pekkahome", "--dir", ca(""), "--force", "--rsa", "2048",
                "--days", "30");
        assertEquals(0, forced.exit(), forced.toString());
        assertTrue(Files.readString(dir.resolve("ca/pekkahome-root.key")).contains("BEGIN PRIVATE KEY"));
        Openssl.Result text = Openssl.run(dir, "x509", "-in", ca("pekkahome-root.crt"), "-noout", "-text");
        assertTrue(text.output().contains("2048 bit"), text.output());
    }

    @Test
    void serverCertificateVerifiesWithOpensslAndCarriesEverySan() throws Exception {
        Cli.Result r = Cli.run(withOrg("server", "home", "--dns", "home.pekkahome,localhost", "--dns", "alt",
                "--ip", "127.0.0.1", "--ip", "::1", "--dir", dir.resolve("out").toString()));
        assertEquals(0, r.exit(), r.toString());
        Path crt = dir.resolve("out/home.crt");
        assertEquals(2, PemFiles.readCertificates(crt).size(), "chain is leaf + root");
        Openssl.Result verify = Openssl.run(dir, "verify", "-CAfile", ca("pekkahome-root.crt"), "-purpose", "sslserver",
                crt.toString());
        assertTrue(verify.ok(), verify.output());
        Openssl.Result text = Openssl.run(dir, "x509", "-in", crt.toString(), "-noout", "-text");
        for (String s : List.of("DNS:home.pekkahome", "DNS:localhost", "DNS:alt", "IP Address:127.0.0.1",
                "IP Address:0:0:0:0:0:0:0:1", "TLS Web Server Authentication", "CN = home")) {
            assertTrue(text.output().contains(s), s + " in\n" + text.output());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("out/home.key"))));
    }

    @Test
    void nodeCertificateCarriesTheSwitchboxNodeMarkerBesideServerAndClientAuth() throws Exception {
        Cli.Result r = Cli.run(withOrg("node", "sb1", "--ip", "127.0.0.1", "--dir", dir.resolve("out").toString()));
        assertEquals(0, r.exit(), r.toString());
        Path crt = dir.resolve("out/sb1.crt");
        for (String purpose : List.of("sslserver", "sslclient")) {
            Openssl.Result verify = Openssl.run(dir, "verify", "-CAfile", ca("pekkahome-root.crt"), "-purpose",
                    purpose, crt.toString());
            assertTrue(verify.ok(), purpose + ": " + verify.output());
        }
        X509Certificate leaf = PemFiles.readCertificates(crt).get(0);
        assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=sb1"));
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
        assertTrue(leaf.getSubjectAlternativeNames().contains(List.of(6, org.ioswitch.certs.ca.Usage.SWITCHBOX_NODE_URI)),
                String.valueOf(leaf.getSubjectAlternativeNames()));
        Openssl.Result text = Openssl.run(dir, "x509", "-in", crt.toString(), "-noout", "-text");
        assertTrue(text.output().contains("URI:urn:ioswitch:switchbox-node"), text.output());
    }

    @Test
    void clientCertificateNamesTheAccountAndIsForClientAuth() throws Exception {
        Cli.Result r = Cli.run(concat(new String[] {"client", "alice", "--dir", dir.resolve("out").toString(),
                "--key-password", "alicepw"}, org()));
        assertEquals(0, r.exit(), r.toString());
        Path crt = dir.resolve("out/alice.crt");
        Openssl.Result verify = Openssl.run(dir, "verify", "-CAfile", ca("pekkahome-root.crt"), "-purpose", "sslclient",
                crt.toString());
        assertTrue(verify.ok(), verify.output());
        X509Certificate leaf = PemFiles.readCertificates(crt).get(0);
        assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=alice"));
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
        assertTrue(Openssl.run(dir, "pkey", "-in", dir.resolve("out/alice.key").toString(), "-passin",
                "pass:alicepw", "-noout").ok());
    }

    @Test
    void csrMadeHereSignsAndVerifiesWhileTheKeyStays() throws Exception {
        Path out = dir.resolve("dev");
        Cli.Result csr = Cli.run("csr", "gina3.pekkahome", "--dir", out.toString(), "--dns", "gina3.pekkahome",
                "--ip", "10.0.0.7");
        assertEquals(0, csr.exit(), csr.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out.resolve("gina3.pekkahome.key"))));
        Cli.Result sign = Cli.run(concat(new String[] {"sign", out.resolve("gina3.pekkahome.csr").toString(),
                "--client", "--days", "90", "--out", out.resolve("gina3.pekkahome.crt").toString()}, org()));
        assertEquals(0, sign.exit(), sign.toString());
        Path crt = out.resolve("gina3.pekkahome.crt");
        Openssl.Result verify = Openssl.run(dir, "verify", "-CAfile", ca("pekkahome-root.crt"), "-purpose", "sslclient",
                crt.toString());
        assertTrue(verify.ok(), verify.output());
        Openssl.Result text = Openssl.run(dir, "x509", "-in", crt.toString(), "-noout", "-text");
        assertTrue(text.output().contains("IP Address:10.0.0.7"), text.output());
        // The key made by csr belongs to the signed certificate: pkcs12 checks the pair.
        Cli.Result p12 = Cli.run("pkcs12", "--cert", crt.toString(), "--key",
                out.resolve("gina3.pekkahome.key").toString(), "--out", out.resolve("g.p12").toString(),
                "--password", "p12pw");
        assertEquals(0, p12.exit(), p12.toString());
    }

    @Test
    void csrFromOpensslReqSignsAsServerByDefault() throws Exception {
        Openssl.Result req = Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", "h.key", "-out", "h.csr", "-subj", "/CN=home.pekkahome",
                "-addext", "subjectAltName=DNS:home.pekkahome,IP:10.0.0.2");
        assertTrue(req.ok(), req.output());
        Cli.Result sign = Cli.run(concat(new String[] {"sign", dir.resolve("h.csr").toString(),
                "--out", dir.resolve("h.crt").toString()}, org()));
        assertEquals(0, sign.exit(), sign.toString());
        Openssl.Result verify = Openssl.run(dir, "verify", "-CAfile", ca("pekkahome-root.crt"), "-purpose", "sslserver",
                "h.crt");
        assertTrue(verify.ok(), verify.output());
        Openssl.Result text = Openssl.run(dir, "x509", "-in", "h.crt", "-noout", "-text");
        assertTrue(text.output().contains("DNS:home.pekkahome") && text.output().contains("IP Address:10.0.0.2"),
                text.output());
    }

    @Test
    void pkcs12BundlesKeyAndChainForOpensslAndJava() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, Cli.run(withOrg("server", "s", "--dir", out.toString(), "--key-password", "kpw"))
                .exit());
        Cli.Result r = Cli.run("pkcs12", "--cert", out.resolve("s.crt").toString(), "--key",
                out.resolve("s.key").toString(), "--key-password", "kpw", "--out", out.resolve("s.p12").toString(),
                "--password", "changeit", "--alias", "home");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("s.p12"))));
        Openssl.Result o = Openssl.run(dir, "pkcs12", "-in", out.resolve("s.p12").toString(), "-passin",
                "pass:changeit", "-nodes");
        assertTrue(o.ok(), o.output());
        assertTrue(o.output().contains("PRIVATE KEY") && o.output().contains("BEGIN CERTIFICATE"), o.output());
        List<Pkcs12Files.Entry> entries = Pkcs12Files.read(out.resolve("s.p12"), "changeit".toCharArray());
        assertEquals(1, entries.size());
        assertEquals("home", entries.get(0).alias());
        assertEquals(2, entries.get(0).chain().size());
    }

    @Test
    void pkcs12RefusesAKeyThatIsNotTheCertificates() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, Cli.run(withOrg("server", "a", "--dir", out.toString())).exit());
        assertEquals(0, Cli.run(withOrg("server", "b", "--dir", out.toString())).exit());
        Cli.Result r = Cli.run("pkcs12", "--cert", out.resolve("a.crt").toString(), "--key",
                out.resolve("b.key").toString(), "--out", out.resolve("x.p12").toString(), "--password", "p");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().length, r.toString());
        assertTrue(r.err().contains("b.key") && r.err().contains("does not belong"), r.err());
        assertFalse(Files.exists(out.resolve("x.p12")));
    }

    @Test
    void revokedCertificateIsRefusedByOpensslAndEarlierEntriesStay() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, Cli.run(withOrg("client", "a", "--dir", out.toString())).exit());
        assertEquals(0, Cli.run(withOrg("client", "b", "--dir", out.toString())).exit());
        assertEquals(0, Cli.run(withOrg("client", "c", "--dir", out.toString())).exit());
        Cli.Result r1 = Cli.run(concat(new String[] {"revoke", out.resolve("a.crt").toString()}, org()));
        assertEquals(0, r1.exit(), r1.toString());
        Cli.Result r2 = Cli.run(concat(new String[] {"revoke", out.resolve("b.crt").toString()}, org()));
        assertEquals(0, r2.exit(), r2.toString());

        for (String revoked : List.of("a.crt", "b.crt")) {
            Openssl.Result v = Openssl.run(dir, "verify", "-crl_check", "-CRLfile", ca("pekkahome.crl"), "-CAfile",
                    ca("pekkahome-root.crt"), out.resolve(revoked).toString());
            assertFalse(v.ok(), revoked + ": " + v.output());
            assertTrue(v.output().contains("revoked"), v.output());
        }
        Openssl.Result good = Openssl.run(dir, "verify", "-crl_check", "-CRLfile", ca("pekkahome.crl"), "-CAfile",
                ca("pekkahome-root.crt"), out.resolve("c.crt").toString());
        assertTrue(good.ok(), good.output());
        Openssl.Result crl = Openssl.run(dir, "crl", "-in", ca("pekkahome.crl"), "-noout", "-crlnumber");
        assertTrue(crl.output().contains("crlNumber=0x02"), crl.output());
    }

    @Test
    void revokeRefusesCertificateOfAnotherOrganization() throws Exception {
        assertEquals(0, Cli.run("init-org", "intruder", "--dir", ca("")).exit());
        Cli.Result foreign = Cli.run("server", "x", "--org-dir", ca(""), "--org", "intruder",
                "--dir", dir.resolve("out").toString());
        assertEquals(0, foreign.exit(), foreign.toString());
        Cli.Result r = Cli.run(concat(new String[] {"revoke", dir.resolve("out/x.crt").toString()}, org()));
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("x.crt") && r.err().contains("not issued by the CA of 'pekkahome'"), r.err());
        assertFalse(Files.exists(dir.resolve("ca/pekkahome.crl")));
    }
}
