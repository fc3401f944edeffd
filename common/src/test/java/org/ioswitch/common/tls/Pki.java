package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.common.testing.TestOrg;

/**
 * The odd files the TLS tests need beside {@link TestOrg}'s (encrypted keys, bare certificates, CRLs, text posing as
 * PEM), in one temp directory, and openssl/keytool runs there. Issued chains with their keys go through
 * {@link TestOrg#write}.
 */
final class Pki {
    final Path dir;

    Pki(Path dir) {
        this.dir = dir;
    }

    Path certs(String name, List<X509Certificate> certs) throws Exception {
        Path file = dir.resolve(name);
        PemFiles.writeCertificates(file, certs);
        return file;
    }

    Path cert(String name, X509Certificate cert) throws Exception {
        return certs(name, List.of(cert));
    }

    Path key(String name, PrivateKey key, String password) throws Exception {
        Path file = dir.resolve(name);
        PemFiles.writePrivateKey(file, key, password == null ? null : password.toCharArray());
        return file;
    }

    Path crl(String name, X509CRL crl) throws Exception {
        Path file = dir.resolve(name);
        PemFiles.writeCrl(file, crl);
        return file;
    }

    Path text(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Writes a new version of {@code target} beside it and renames it into place, as a deploy script would. */
    void replace(Path target, Path newContent) throws IOException {
        Path temp = Files.createTempFile(dir, "new", ".tmp");
        Files.copy(newContent, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Server options with the issued chain as PEM files ({@link TestOrg#write}) and the given trusted files. */
    TlsOptions.Builder server(String name, Issued issued, Path... trusted) throws Exception {
        return TestOrg.write(dir, name, issued).options().trust(trusted);
    }

    /** Client options trusting these files, with the issued chain as its own certificate when not null. */
    TlsOptions.Builder client(String name, Issued issued, Path... trusted) throws Exception {
        return issued == null ? TlsOptions.builder().trust(trusted) : server(name, issued, trusted);
    }

    static Issued server(OrgCa ca, String cn) {
        return ca.issue(CertSpec.server(cn).dns("localhost").ip("127.0.0.1").build());
    }

    /** Output and exit code of a finished command. */
    record Run(int exit, String output) {
    }

    /** Runs a command in {@link #dir} with stdin closed, within 60 s. */
    Run run(String... command) throws Exception {
        return run(null, command);
    }

    Run run(String stdin, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), OwnThread.EXECUTOR);
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        boolean done = process.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        assertTrue(done, "command did not finish in 60 s: " + List.of(command));
        return new Run(process.exitValue(), output.get(10, TimeUnit.SECONDS));
    }

    /** Runs a command and asserts exit code 0. */
    String ok(String... command) throws Exception {
        Run run = run(command);
        assertEquals(0, run.exit(), () -> String.join(" ", command) + " failed:\n" + run.output());
        return run.output();
    }

    private static String readAll(InputStream in) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "cannot read output: " + e;
        }
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }
}
