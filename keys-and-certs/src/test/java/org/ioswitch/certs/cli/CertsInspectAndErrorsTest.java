package org.ioswitch.certs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.ioswitch.certs.Openssl;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.Validity;
import org.ioswitch.certs.pem.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code certs inspect} output, and how every kind of bad input fails: one line naming the problem. */
class CertsInspectAndErrorsTest {
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private void initOrg(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("init-org", "pekkahome", "--dir", p("ca")));
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r.toString());
    }

    private static void assertFailsWithOneLine(Cli.Result r, int exit, String... fragments) {
        assertEquals(exit, r.exit(), r.toString());
        assertEquals(1, r.errLines().length, "one line on stderr: " + r);
        assertTrue(r.err().startsWith("certs: "), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' in " + r.err());
        }
    }

    @Test
    void inspectShowsSanValidityKeyAndTheFingerprintOpensslComputes() throws Exception {
        initOrg();
        assertEquals(0, Cli.run("server", "home", "--org-dir", p("ca"), "--org", "pekkahome", "--dns", "localhost",
                "--ip", "127.0.0.1", "--rsa", "2048", "--dir", p("out")).exit());
        Cli.Result r = Cli.run("inspect", p("out/home.crt"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("CN=home"), r.out());
        assertTrue(r.out().contains("DNS:localhost, IP:127.0.0.1"), r.out());
        assertTrue(r.out().contains("729 days left") || r.out().contains("730 days left"), r.out());
        assertTrue(r.out().contains("RSA 2048 bits"), r.out());
        assertTrue(r.out().contains("EC prime256v1, 256 bits"), "root is EC: " + r.out());
        assertTrue(r.out().contains("serverAuth"), r.out());
        Openssl.Result fp = Openssl.run(dir, "x509", "-in", p("out/home.crt"), "-noout", "-fingerprint", "-sha256");
        String expected = fp.output().trim().substring(fp.output().indexOf('=') + 1);
        assertTrue(r.out().contains(expected), expected + " in " + r.out());
    }

    @Test
    void inspectSaysExpiredAndNotYetValid() throws Exception {
        OrgCa ca = OrgCa.create("o");
        Instant now = Instant.now();
        Issued old = ca.issue(CertSpec.server("old").validity(
                Validity.between(now.minus(400, ChronoUnit.DAYS), now.minus(10, ChronoUnit.DAYS))).build());
        Issued future = ca.issue(CertSpec.server("future").validity(
                Validity.between(now.plus(3, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS))).build());
        PemFiles.writeCertificates(dir.resolve("old.crt"), old.chain().subList(0, 1));
        PemFiles.writeCertificates(dir.resolve("future.crt"), future.chain().subList(0, 1));
        Cli.Result o = Cli.run("inspect", p("old.crt"));
        assertTrue(o.out().contains("EXPIRED"), o.toString());
        Cli.Result f = Cli.run("inspect", p("future.crt"));
        assertTrue(f.out().contains("not yet valid"), f.toString());
        assertFalse(f.out().contains("EXPIRED"), f.toString());
    }

    @Test
    void inspectListsRevokedSerialsOfACrlAndDescribesCsrAndPkcs12() throws Exception {
        initOrg();
        String[] org = {"--org-dir", p("ca"), "--org", "pekkahome"};
        assertEquals(0, Cli.run(concat(new String[] {"client", "bob", "--dir", p("out")}, org)).exit());
        assertEquals(0, Cli.run(concat(new String[] {"revoke", p("out/bob.crt")}, org)).exit());
        // As openssl x509 -serial prints it: upper-case hex, even length.
        String serial = String.format("%X", PemFiles.readCertificates(dir.resolve("out/bob.crt")).get(0).getSerialNumber());
        serial = serial.length() % 2 == 0 ? serial : "0" + serial;
        Cli.Result crl = Cli.run("inspect", p("ca/pekkahome.crl"));
        assertEquals(0, crl.exit(), crl.toString());
        assertTrue(crl.out().contains("CRL") && crl.out().contains("serial " + serial), crl.out());

        assertEquals(0, Cli.run("csr", "dev1", "--dir", p("dev"), "--dns", "dev1.pekkahome").exit());
        Cli.Result csr = Cli.run("inspect", p("dev/dev1.csr"));
        assertTrue(csr.out().contains("certificate signing request") && csr.out().contains("dev1.pekkahome")
                && csr.out().contains("valid"), csr.out());

        assertEquals(0, Cli.run("pkcs12", "--cert", p("out/bob.crt"), "--key", p("out/bob.key"), "--out",
                p("bob.p12"), "--password", "pw").exit());
        Cli.Result p12 = Cli.run("inspect", p("bob.p12"), "--password", "pw");
        assertEquals(0, p12.exit(), p12.toString());
        assertTrue(p12.out().contains("PKCS#12") && p12.out().contains("[bob] private key")
                && p12.out().contains("clientAuth"), p12.out());
        assertFailsWithOneLine(Cli.run("inspect", p("bob.p12"), "--password", "nope"), 1, "bob.p12",
                "wrong PKCS#12 password");
    }

    @Test
    void missingFileIsOneLineNamingTheFile() {
        assertFailsWithOneLine(Cli.run("inspect", p("nothere.crt")), 1, "nothere.crt", "file not found");
        assertFailsWithOneLine(Cli.run("server", "s", "--org-dir", p("noca"), "--org", "pekkahome", "--dir", p("o")),
                1, "pekkahome-root.crt", "file not found");
        assertFailsWithOneLine(Cli.run("init-org", "x", "--dir", p("ca"), "--password-file", p("pw.txt")), 1,
                "--password-file", "pw.txt", "file not found");
    }

    @Test
    void wrongCaPasswordIsRefusedAndTheRightOneFromAFileWorks() throws Exception {
        initOrg("--password", "correct horse");
        assertFailsWithOneLine(Cli.run("server", "s", "--org-dir", p("ca"), "--org", "pekkahome",
                "--org-password", "wrong", "--dir", p("out")), 1, "pekkahome-root.key", "password");
        assertFailsWithOneLine(Cli.run("server", "s", "--org-dir", p("ca"), "--org", "pekkahome", "--dir", p("out")),
                1, "pekkahome-root.key", "encrypted and no password");
        assertFalse(Files.exists(dir.resolve("out/s.key")));
        Files.writeString(dir.resolve("pw.txt"), "correct horse\n");
        Cli.Result ok = Cli.run("server", "s", "--org-dir", p("ca"), "--org", "pekkahome",
                "--org-password-file", p("pw.txt"), "--dir", p("out"));
        assertEquals(0, ok.exit(), ok.toString());
    }

    @Test
    void garbagePemIsOneLineNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("junk.crt"), "this is not a certificate\n");
        assertFailsWithOneLine(Cli.run("inspect", p("junk.crt")), 1, "junk.crt", "neither PEM");
        Files.writeString(dir.resolve("broken.csr"),
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA!!!!\n-----END CERTIFICATE REQUEST-----\n");
        initOrg();
        assertFailsWithOneLine(Cli.run("sign", p("broken.csr"), "--org-dir", p("ca"), "--org", "pekkahome",
                "--out", p("x.crt")), 1, "broken.csr");
        Files.writeString(dir.resolve("junk.key"), "garbage");
        assertFailsWithOneLine(Cli.run("pkcs12", "--cert", p("ca/pekkahome-root.crt"), "--key", p("junk.key"),
                "--out", p("x.p12"), "--password", "p"), 1, "junk.key", "no private key");
    }

    @Test
    void usageErrorsExitTwoWithOneLineNamingTheOption() {
        assertFailsWithOneLine(Cli.run("inspect", "--bogus", p("x")), 2, "--bogus");
        assertFailsWithOneLine(Cli.run("init-org", "x", "--dir", p("ca"), "--rsa", "1024"), 2, "--rsa", "1024");
        assertFailsWithOneLine(Cli.run("init-org", "x", "--dir", p("ca"), "--days", "0"), 2, "--days");
        assertFailsWithOneLine(Cli.run("init-org", "x"), 2, "--dir");
        assertFailsWithOneLine(Cli.run("frobnicate"), 2, "frobnicate");
        assertFailsWithOneLine(Cli.run(), 2, "missing subcommand");
        assertFailsWithOneLine(Cli.run("init-org", "x", "--dir", p("ca"), "--password", "a", "--password-file",
                p("f")), 2, "mutually exclusive");
        assertFailsWithOneLine(Cli.run("sign", "x.csr", "--server", "--client", "--org-dir", p("ca"), "--org", "o",
                "--out", p("x.crt")), 2, "mutually exclusive");
    }

    @Test
    void badSanEntryIsRefusedBeforeAnythingIsWritten() {
        initOrg();
        assertFailsWithOneLine(Cli.run("server", "s", "--org-dir", p("ca"), "--org", "pekkahome", "--ip",
                "300.1.2.3", "--dir", p("out")), 1, "300.1.2.3", "not an IPv4 or IPv6 address");
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void stackTraceOnlyWithVerbose() {
        Cli.Result plain = Cli.run("inspect", p("nothere.crt"));
        assertFalse(plain.err().contains("\tat "), plain.toString());
        Cli.Result verbose = Cli.run("inspect", p("nothere.crt"), "--verbose");
        assertEquals(1, verbose.exit());
        assertTrue(verbose.err().startsWith("certs: ") && verbose.err().contains("\tat "), verbose.toString());
    }

    @Test
    void plainCommandLineAlsoReportsFailuresAsOneLine() {
        Cli.Result r = Cli.run(new CommandLine(new CertsCommand()), "inspect", p("nothere.crt"));
        assertFailsWithOneLine(r, 1, "nothere.crt");
        assertEquals(2, new CommandLine(new CertsCommand()).setErr(new java.io.PrintWriter(new java.io.StringWriter()))
                .execute("inspect", "--bogus"));
    }

    @Test
    void helpShowsDefaultsAndExitsZero() {
        Cli.Result r = Cli.run("server", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Default: 730"), r.out());
        Cli.Result top = Cli.run("--help");
        for (String sub : List.of("init-org", "server", "client", "csr", "sign", "pkcs12", "revoke", "inspect")) {
            assertTrue(top.out().contains(sub), sub + " in " + top.out());
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
