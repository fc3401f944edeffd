package org.ioswitch.certs.ca;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.pem.PemFiles;

/**
 * Where an issued certificate and its key are kept, the way {@code ioswitch certs server|client|node} writes them:
 * {@code DIR/NAME.crt} (PEM, leaf first, then its chain up to the root) and {@code DIR/NAME.key} (PKCS#8 PEM, owner
 * only, encrypted when a password is given). Every tool, benchmark and test fixture writes issued certificates here.
 *
 * @param certificate the certificate chain file
 * @param privateKey the private key file
 */
public record IssuedFiles(Path certificate, Path privateKey) {
    public IssuedFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** The files {@code DIR/NAME.crt} and {@code DIR/NAME.key}. */
    public static IssuedFiles of(Path dir, String name) {
        return new IssuedFiles(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    }

    /**
     * Writes {@code issued}: the key first (encrypted when {@code keyPasswordOrNull} is given), then the chain;
     * creates the directory when it is missing.
     */
    public IssuedFiles write(Issued issued, char[] keyPasswordOrNull) throws CertsException {
        Path dir = certificate.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CertsException(dir + ": cannot create: " + e.getMessage(), e);
        }
        PemFiles.writePrivateKey(privateKey, issued.privateKey(), keyPasswordOrNull);
        PemFiles.writeCertificates(certificate, issued.chain());
        return this;
    }
}
