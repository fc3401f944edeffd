package org.ioswitch.device.pairing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.ioswitch.common.files.AtomicFiles;

/**
 * {@code D/trust.pem}: the organization roots a device received when it paired. While it exists the device accepts
 * only servers that chain to them; {@code device reset} deletes it.
 */
public final class TrustStore {
    /** The file name inside the state directory. */
    public static final String FILE_NAME = "trust.pem";

    private final Path file;

    /** The trust store of a device's state directory. */
    public TrustStore(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    /** The PEM file. */
    public Path file() {
        return file;
    }

    /** True once the device has paired (or been given its roots). */
    public boolean exists() {
        return Files.exists(file);
    }

    /**
     * Keeps {@code roots} atomically (temp file, fsync, rename).
     *
     * @throws IOException naming the file
     */
    public void save(List<X509Certificate> roots) throws IOException {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate c : roots) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n").append(b64.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IOException(file + ": cannot encode " + c.getSubjectX500Principal() + ": " + e.getMessage(),
                        e);
            }
        }
        try {
            AtomicFiles.write(file, pem.toString().getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException e) {
            throw new IOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * The stored roots.
     *
     * @throws IOException naming the file when it is missing or holds no certificate
     */
    public List<X509Certificate> load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no trust stored (the device has not paired)");
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (var c : cf.generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException(file + ": holds no certificate");
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException(file + ": not valid PEM certificates: " + e.getMessage(), e);
        }
    }

    /** Forgets the roots. @throws IOException naming the file */
    public boolean delete() throws IOException {
        return Files.deleteIfExists(file);
    }
}
