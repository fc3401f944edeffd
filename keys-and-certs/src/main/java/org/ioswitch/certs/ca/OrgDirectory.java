package org.ioswitch.certs.ca;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.pem.PemFiles;

/**
 * Where an organization's CA lives on disk: {@code DIR/ORG-root.crt} (public, handed to everyone who must trust it),
 * {@code DIR/ORG-root.key} (owner-only, optionally encrypted PKCS#8) and the CRL {@code DIR/ORG.crl}.
 */
public final class OrgDirectory {
    private final Path dir;
    private final String org;

    /** The files of organization {@code org} in {@code dir}. */
    public OrgDirectory(Path dir, String org) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.org = Objects.requireNonNull(org, "org");
        if (org.isBlank() || org.contains("/") || org.contains("\\")) {
            throw new IllegalArgumentException("organization name must be non-blank without path separators, was '"
                    + org + "'");
        }
    }

    /** The root certificate file, {@code ORG-root.crt}. */
    public Path rootCertificate() {
        return dir.resolve(org + "-root.crt");
    }

    /** The root private key file, {@code ORG-root.key}. */
    public Path rootKey() {
        return dir.resolve(org + "-root.key");
    }

    /** The CRL file, {@code ORG.crl}. */
    public Path crl() {
        return dir.resolve(org + ".crl");
    }

    /**
     * Writes the CA's certificate (its chain for an intermediate) and key; the key is encrypted when a password is
     * given. Refuses to replace an existing root unless {@code force}: a lost root key orphans every issued certificate.
     */
    public void save(OrgCa ca, char[] passwordOrNull, boolean force) throws CertsException {
        if (!force) {
            for (Path p : List.of(rootCertificate(), rootKey())) {
                if (Files.exists(p)) {
                    throw new CertsException(p + ": already exists; refusing to replace the root of '" + org
                            + "' (use --force to overwrite)");
                }
            }
        }
        PemFiles.writePrivateKey(rootKey(), ca.privateKey(), passwordOrNull);
        PemFiles.writeCertificates(rootCertificate(), ca.chain());
    }

    /** Loads the CA, checking that the key belongs to the certificate and that the certificate is a CA. */
    public OrgCa load(char[] passwordOrNull) throws CertsException {
        List<X509Certificate> chain = PemFiles.readCertificates(rootCertificate());
        X509Certificate cert = chain.get(0);
        if (cert.getBasicConstraints() < 0) {
            throw new CertsException(rootCertificate() + ": " + cert.getSubjectX500Principal().getName()
                    + " is not a CA certificate (basicConstraints CA:FALSE)");
        }
        var key = PemFiles.readPrivateKey(rootKey(), passwordOrNull);
        Issued.matching(key, chain, rootKey() + " and " + rootCertificate());
        return OrgCa.of(org, cert, key, chain.subList(1, chain.size()));
    }

    /**
     * Adds the certificate in {@code certificateFile} to the organization's CRL, keeping earlier entries and numbering
     * the new CRL one higher; creates the CRL if there is none. Refuses certificates this CA did not issue.
     */
    public X509CRL revoke(Path certificateFile, char[] passwordOrNull) throws CertsException {
        X509Certificate cert = PemFiles.readCertificates(certificateFile).get(0);
        OrgCa ca = load(passwordOrNull);
        try {
            cert.verify(ca.certificate().getPublicKey());
        } catch (Exception e) {
            throw new CertsException(certificateFile + ": " + cert.getSubjectX500Principal().getName()
                    + " was not issued by the CA of '" + org + "' (issuer " + cert.getIssuerX500Principal().getName()
                    + ")");
        }
        X509CRL previous = null;
        if (Files.exists(crl())) {
            previous = PemFiles.readCrl(crl());
            try {
                previous.verify(ca.certificate().getPublicKey());
            } catch (Exception e) {
                throw new CertsException(crl() + ": not signed by the CA of '" + org + "'");
            }
            if (previous.isRevoked(cert)) {
                throw new CertsException(certificateFile + ": serial " + cert.getSerialNumber().toString(16)
                        + " is already revoked in " + crl());
            }
        }
        X509CRL updated = ca.revoke(cert, previous);
        PemFiles.writeCrl(crl(), updated);
        return updated;
    }
}
