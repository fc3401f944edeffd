package org.ioswitch.certs.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.certs.pkcs12.Pkcs12Files;

/**
 * Describes a certificate file for people: a PEM certificate or chain, CRL, CSR or key, or a PKCS#12 keychain. Shows
 * subject, issuer, SAN, validity with days left, key type and size and the SHA-256 fingerprint; a CRL's revoked serials.
 */
public final class Inspector {
    private final Clock clock;

    /** An inspector that judges validity against {@code clock}. */
    public Inspector(Clock clock) {
        this.clock = clock;
    }

    /** An inspector that judges validity against the system clock. */
    public Inspector() {
        this(Clock.systemUTC());
    }

    /** Describes the file; the password opens a PKCS#12 file and is not needed for PEM. */
    public String describe(Path file, char[] passwordOrNull) throws CertsException {
        StringBuilder out = new StringBuilder();
        if (looksLikeDer(file)) {
            if (passwordOrNull == null) {
                throw new CertsException(file + ": looks like PKCS#12 (binary); give its password with --password");
            }
            describePkcs12(file, passwordOrNull, out);
            return out.toString();
        }
        List<Object> objects = PemFiles.readAll(file);
        if (objects.isEmpty()) {
            throw new CertsException(file + ": neither PEM (no -----BEGIN ...----- block) nor PKCS#12");
        }
        out.append(file).append(": PEM, ").append(objects.size()).append(objects.size() == 1 ? " object" : " objects")
                .append('\n');
        int n = 0;
        for (Object o : objects) {
            n++;
            String prefix = "[" + n + "] ";
            try {
                if (o instanceof X509CertificateHolder h) {
                    out.append(prefix).append("certificate\n");
                    CertText.describe(new JcaX509CertificateConverter().getCertificate(h), clock.instant(), out);
                } else if (o instanceof X509CRLHolder h) {
                    out.append(prefix).append("CRL\n");
                    describeCrl(new JcaX509CRLConverter().getCRL(h), out);
                } else if (o instanceof PKCS10CertificationRequest csr) {
                    out.append(prefix).append("certificate signing request\n");
                    describeCsr(csr, out);
                } else if (o instanceof PrivateKeyInfo info) {
                    out.append(prefix).append("private key (unencrypted) ")
                            .append(info.getPrivateKeyAlgorithm().getAlgorithm()).append('\n');
                } else if (o instanceof PEMKeyPair) {
                    out.append(prefix).append("private key (traditional OpenSSL form, unencrypted)\n");
                } else if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    out.append(prefix).append("private key (encrypted)\n");
                } else {
                    out.append(prefix).append(o.getClass().getSimpleName()).append(" (not described)\n");
                }
            } catch (CertsException e) {
                throw e;
            } catch (Exception e) {
                throw new CertsException(file + ": object " + n + " is broken: " + e.getMessage(), e);
            }
        }
        return out.toString();
    }

    private void describePkcs12(Path file, char[] password, StringBuilder out) throws CertsException {
        List<Pkcs12Files.Entry> entries = Pkcs12Files.read(file, password);
        out.append(file).append(": PKCS#12, ").append(entries.size())
                .append(entries.size() == 1 ? " entry" : " entries").append('\n');
        for (Pkcs12Files.Entry e : entries) {
            out.append("[").append(e.alias()).append("] ")
                    .append(e.privateKey() != null ? "private key " + e.privateKey().getAlgorithm() + " with chain of "
                            + e.chain().size() : "trusted certificate").append('\n');
            for (X509Certificate c : e.chain()) {
                try {
                    CertText.describe(c, clock.instant(), out);
                } catch (Exception ex) {
                    throw new CertsException(file + ": entry " + e.alias() + " is broken: " + ex.getMessage(), ex);
                }
            }
        }
    }

    private static void describeCrl(X509CRL crl, StringBuilder out) {
        CertText.line(out, "issuer", crl.getIssuerX500Principal().getName());
        CertText.line(out, "this update", crl.getThisUpdate().toInstant().toString());
        CertText.line(out, "next update", crl.getNextUpdate() == null ? "-" : crl.getNextUpdate().toInstant().toString());
        byte[] number = crl.getExtensionValue("2.5.29.20");
        if (number != null) {
            CertText.line(out, "CRL number", org.bouncycastle.asn1.x509.CRLNumber.getInstance(
                    org.bouncycastle.asn1.ASN1OctetString.getInstance(number).getOctets()).getCRLNumber().toString());
        }
        List<X509CRLEntry> revoked = new ArrayList<>();
        if (crl.getRevokedCertificates() != null) {
            revoked.addAll(crl.getRevokedCertificates());
        }
        revoked.sort(Comparator.comparing(X509CRLEntry::getRevocationDate));
        CertText.line(out, "revoked", revoked.isEmpty() ? "none" : revoked.size() + " certificate(s)");
        for (X509CRLEntry e : revoked) {
            out.append("    serial ").append(CertText.serial(e.getSerialNumber())).append(" at ")
                    .append(e.getRevocationDate().toInstant()).append('\n');
        }
    }

    private static void describeCsr(PKCS10CertificationRequest csr, StringBuilder out) throws Exception {
        var key = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
        CertText.line(out, "subject", csr.getSubject().toString());
        CertText.line(out, "key", CertText.keyText(key));
        boolean valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        CertText.line(out, "signature", valid ? "valid (self-signed by the key)" : "DOES NOT VERIFY");
        CertText.line(out, "SAN", CertText.sanOfCsr(csr));
    }

    private static boolean looksLikeDer(Path file) throws CertsException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x30; // ASN.1 SEQUENCE: binary, not PEM text
        } catch (NoSuchFileException e) {
            throw new CertsException(file + ": file not found", e);
        } catch (IOException e) {
            throw new CertsException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
