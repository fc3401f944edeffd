package org.ioswitch.certs.pem;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.ioswitch.certs.CertsException;

/**
 * Reads and writes certificates, keys, CRLs and CSRs as PEM. Private keys are written with owner-only permissions.
 * Errors name the file and the problem.
 */
public final class PemFiles {
    /**
     * Passed as an object, never registered: registering BC first would move every TLS stack onto its slow pure-Java
     * AES. Only PEM key encryption (PBES2, OpenSSL's legacy DEK-Info) uses it.
     */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private PemFiles() {
    }

    /** Writes certificates in order (leaf first for a chain). */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws CertsException {
        write(file, false, certificates.toArray());
    }

    /** Writes a key as PKCS#8, encrypted with AES-256 (PBES2) when a password is given; owner-only. */
    public static void writePrivateKey(Path file, PrivateKey key, char[] passwordOrNull) throws CertsException {
        try {
            JcaPKCS8Generator gen;
            if (passwordOrNull == null) {
                gen = new JcaPKCS8Generator(key, null);
            } else {
                gen = new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(BC).setPassword(passwordOrNull).build());
            }
            write(file, true, gen.generate());
        } catch (CertsException e) {
            throw e;
        } catch (Exception e) {
            throw new CertsException(file + ": cannot encode private key: " + e.getMessage(), e);
        }
    }

    /** Writes a key in the traditional OpenSSL form, encrypted like {@code openssl -aes256} when a password is given. */
    public static void writeTraditionalKey(Path file, PrivateKey key, char[] passwordOrNull) throws CertsException {
        Object pem;
        try {
            key = withCurve(key);
            pem = passwordOrNull == null ? key
                    : new JcaMiscPEMGenerator(key, new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC)
                            .build(passwordOrNull));
        } catch (IOException e) {
            throw new CertsException(file + ": cannot encode private key: " + e.getMessage(), e);
        }
        write(file, true, pem);
    }

    /**
     * The JDK encodes an EC key's curve only in the PKCS#8 wrapper; the traditional {@code EC PRIVATE KEY} form needs
     * it inside, or OpenSSL cannot read the file.
     */
    private static PrivateKey withCurve(PrivateKey key) throws IOException {
        if (!"EC".equals(key.getAlgorithm())) {
            return key;
        }
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey ec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                info.parsePrivateKey());
        if (ec.getParametersObject() != null) {
            return key;
        }
        int bits = ((java.security.interfaces.ECPrivateKey) key).getParams().getOrder().bitLength();
        org.bouncycastle.asn1.sec.ECPrivateKey withParams = new org.bouncycastle.asn1.sec.ECPrivateKey(bits,
                ec.getKey(), ec.getPublicKey(), info.getPrivateKeyAlgorithm().getParameters());
        PrivateKeyInfo fixed = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), withParams);
        try {
            return java.security.KeyFactory.getInstance("EC").generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(fixed.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot re-encode EC key with its curve", e);
        }
    }

    /** Writes a CRL. */
    public static void writeCrl(Path file, X509CRL crl) throws CertsException {
        write(file, false, crl);
    }

    /** Writes a CSR. */
    public static void writeCsr(Path file, PKCS10CertificationRequest csr) throws CertsException {
        write(file, false, csr);
    }

    /** Reads every certificate in the file; a file holding none is an error. */
    public static List<X509Certificate> readCertificates(Path file) throws CertsException {
        List<X509Certificate> out = new ArrayList<>();
        for (Object o : readObjects(file)) {
            if (o instanceof X509CertificateHolder h) {
                try {
                    out.add(new JcaX509CertificateConverter().getCertificate(h));
                } catch (Exception e) {
                    throw new CertsException(file + ": broken certificate: " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new CertsException(file + ": no certificate found (expected -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** Reads the first private key in the file, in any PEM form OpenSSL or this tool writes. */
    public static PrivateKey readPrivateKey(Path file, char[] passwordOrNull) throws CertsException {
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        for (Object o : readObjects(file)) {
            try {
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                } else if (o instanceof PEMKeyPair pair) {
                    return conv.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                    requirePassword(file, passwordOrNull);
                    return conv.getPrivateKey(enc.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passwordOrNull)));
                } else if (o instanceof PEMEncryptedKeyPair enc) {
                    requirePassword(file, passwordOrNull);
                    return conv.getPrivateKey(enc.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(BC).build(passwordOrNull))
                            .getPrivateKeyInfo());
                }
            } catch (CertsException e) {
                throw e;
            } catch (Exception e) {
                throw new CertsException(file + ": cannot decrypt private key (wrong password?)", e);
            }
        }
        throw new CertsException(file + ": no private key found (expected -----BEGIN PRIVATE KEY----- or similar)");
    }

    /** Reads a CRL. */
    public static X509CRL readCrl(Path file) throws CertsException {
        for (Object o : readObjects(file)) {
            if (o instanceof X509CRLHolder h) {
                try {
                    return new JcaX509CRLConverter().getCRL(h);
                } catch (Exception e) {
                    throw new CertsException(file + ": broken CRL: " + e.getMessage(), e);
                }
            }
        }
        throw new CertsException(file + ": no CRL found (expected -----BEGIN X509 CRL-----)");
    }

    /** Reads a CSR (made by this tool or by {@code openssl req}). */
    public static PKCS10CertificationRequest readCsr(Path file) throws CertsException {
        for (Object o : readObjects(file)) {
            if (o instanceof PKCS10CertificationRequest csr) {
                return csr;
            }
        }
        throw new CertsException(file + ": no certificate request found (expected -----BEGIN CERTIFICATE REQUEST-----)");
    }

    private static void requirePassword(Path file, char[] password) throws CertsException {
        if (password == null) {
            throw new CertsException(file + ": private key is encrypted and no password was given");
        }
    }

    /** Reads every PEM object in the file as BouncyCastle parses it (certificate holders, CRLs, CSRs, keys). */
    public static List<Object> readAll(Path file) throws CertsException {
        return readObjects(file);
    }

    private static List<Object> readObjects(Path file) throws CertsException {
        List<Object> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                out.add(o);
            }
        } catch (NoSuchFileException e) {
            throw new CertsException(file + ": file not found", e);
        } catch (IOException | RuntimeException e) {
            throw new CertsException(file + ": not valid PEM: " + e.getMessage(), e);
        }
        return out;
    }

    private static void write(Path file, boolean secret, Object... objects) throws CertsException {
        try {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(text)) {
                for (Object o : objects) {
                    w.writeObject(o instanceof org.bouncycastle.util.io.pem.PemObjectGenerator g ? g.generate() : o);
                }
            }
            SecureFiles.writeAtomically(file, text.toString().getBytes(StandardCharsets.US_ASCII), secret);
        } catch (IOException e) {
            throw new CertsException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
