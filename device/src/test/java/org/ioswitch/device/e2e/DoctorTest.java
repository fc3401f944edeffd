package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.tls.CertificateText;
import org.ioswitch.device.e2e.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ioswitch doctor HOST:PORT} against our home server and against {@code openssl s_server}. */
class DoctorTest {
    @TempDir
    Path dir;

    @Test
    void ourServerWithItsRootWouldSucceedAndShowsChainNameTrustAndCrl() throws Exception {
        try (HomeFixture home = new HomeFixture(dir.resolve("server")).start()) {
            Path crl = dir.resolve("empty.crl");
            PemFiles.writeCrl(crl, home.ca.emptyCrl());
            Result r = Cli.device("doctor", home.address(), "--trust", home.root.toString(), "--crl", crl.toString());
            assertEquals(0, r.code(), r.out() + r.err());
            X509Certificate leaf = PemFiles.readCertificates(home.dir.resolve("server.crt")).get(0);
            assertTrue(r.out().contains("0 subject " + CertificateText.subject(leaf))
                    && r.out().contains("SHA-256 " + CertificateText.sha256(leaf))
                    && r.out().contains("serial  " + CertificateText.serial(leaf.getSerialNumber())), r.out());
            assertTrue(r.out().contains("name 127.0.0.1 is in the certificate (SANs [DNS:localhost, IP:127.0.0.1])"),
                    r.out());
            assertTrue(r.out().contains("trust: chains to a trusted root") && r.out().contains("crl: not revoked"),
                    r.out());
            assertTrue(r.out().contains("negotiated TLSv1.3 TLS_AES_"), r.out());
            assertTrue(r.out().strip().endsWith("VERIFIED"), r.out());
            assertTrue(r.out().contains("connect would succeed: TLSv1.3"), r.out());
        }
    }

    @Test
    void wrongRootAndRevokedServerEachGiveTheOneReasonAndTheSetting() throws Exception {
        try (HomeFixture home = new HomeFixture(dir.resolve("server")).start()) {
            Path other = dir.resolve("other-root.crt");
            PemFiles.writeCertificates(other, List.of(OrgCa.create("stranger").certificate()));
            Result r = Cli.device("doctor", home.address(), "--trust", other.toString());
            assertEquals(1, r.code(), r.out());
            String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
            assertTrue(last.startsWith("connect would FAIL: certificate ") && last.contains("is not trusted")
                    && last.endsWith("fix: change tls.trusted (--trusted)"), last);

            X509Certificate leaf = PemFiles.readCertificates(home.dir.resolve("server.crt")).get(0);
            Path revoked = dir.resolve("revoked.crl");
            PemFiles.writeCrl(revoked, home.ca.revoke(leaf, null));
            r = Cli.device("doctor", home.address(), "--trust", home.root.toString(), "--crl", revoked.toString());
            assertEquals(1, r.code(), r.out());
            assertTrue(r.out().contains("crl: REVOKED") && r.out().contains("fix: change tls.crl (--crl)"), r.out());
        }
    }

    @Test
    void anyTlsServerWorksOpensslSServerWithAPinnedCertificateAndAWrongName() throws Exception {
        Path key = dir.resolve("s.key");
        Path cert = dir.resolve("s.crt");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=plain.example",
                "-addext", "subjectAltName=DNS:plain.example,IP:127.0.0.1");
        Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", cert.toString(),
                "-key", key.toString(), "-www").redirectErrorStream(true).start();
        try {
            int port = acceptPort(server);
            Result ok = Cli.device("doctor", "127.0.0.1:" + port, "--trust", cert.toString());
            assertEquals(0, ok.code(), ok.out() + ok.err());
            assertTrue(ok.out().contains("subject CN=plain.example") && ok.out().contains("connect would succeed"),
                    ok.out());

            Result wrongName = Cli.device("doctor", "localhost:" + port, "--trust", cert.toString());
            assertEquals(1, wrongName.code(), wrongName.out());
            assertTrue(wrongName.out().contains("name localhost is NOT in the certificate (SANs [DNS:plain.example, "
                    + "IP:127.0.0.1])") && wrongName.out().contains("tls.verifyHostname"), wrongName.out());
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void nothingListeningIsOneReasonWithExitOne() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = Cli.device("doctor", "127.0.0.1:" + port, "--trust", dir.resolve("none.crt").toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("connect would FAIL") || r.err().contains("none.crt"), r.out() + r.err());
    }

    /** s_server prints {@code ACCEPT 127.0.0.1:PORT} once it listens. */
    private static int acceptPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            Pattern accept = Pattern.compile("ACCEPT .*:(\\d+)");
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = accept.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw new IllegalStateException("s_server ended without ACCEPT");
        }, org.ioswitch.common.testing.OwnThread.EXECUTOR);
        return port.get(20, TimeUnit.SECONDS);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + List.of(command));
        assertEquals(0, p.exitValue(), output);
    }
}
