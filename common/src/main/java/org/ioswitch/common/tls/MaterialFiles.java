package org.ioswitch.common.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** Reads key material, trust and CRL files; every failure names the file and the problem. */
final class MaterialFiles {

    /** A private key and its chain, leaf first. */
    record KeyAndChain(PrivateKey key, List<X509Certificate> chain) {
    }

    private MaterialFiles() {
    }

    /** Reads the first key entry of a PKCS#12 keychain. */
    static KeyAndChain readKeychain(StoreFile file) throws TlsSetupException {
        KeyStore store = loadPkcs12(file, "keychain");
        char[] password = file.password().toCharArray();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, password);
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
                        continue;
                    }
                    List<X509Certificate> certs = new ArrayList<>();
                    for (Certificate c : chain) {
                        certs.add(toJdk(c.getEncoded()));
                    }
                    PrivateKey jdkKey = toJdk((PrivateKey) key, file.path());
                    checkKeyMatches(jdkKey, certs.get(0), file.path());
                    return new KeyAndChain(jdkKey, List.copyOf(certs));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("keychain " + file.path() + ": cannot read key entry: " + e.getMessage(), e);
        }
        throw new TlsSetupException("keychain " + file.path() + ": no private key with a certificate in it");
    }

    /** Reads a PEM certificate (with optional chain and key) and a PEM key from a separate file or the same one. */
    static KeyAndChain readPem(Path certificate, Path privateKey, Path passwordFile) throws TlsSetupException {
        char[] password = passwordFile == null ? null : readPassword(passwordFile);
        List<Object> certObjects = readPemObjects(certificate, "certificate");
        List<X509Certificate> chain = certificates(certObjects, certificate);
        if (chain.isEmpty()) {
            throw new TlsSetupException("certificate " + certificate + ": no certificate in the file");
        }
        Path keyFile = privateKey == null ? certificate : privateKey;
        List<Object> keyObjects = privateKey == null ? certObjects : readPemObjects(privateKey, "privateKey");
        PrivateKey key = null;
        for (Object o : keyObjects) {
            key = toPrivateKey(o, keyFile, password, passwordFile, chain.get(0));
            if (key != null) {
                break;
            }
        }
        if (key == null) {
            throw new TlsSetupException((privateKey == null ? "certificate " : "privateKey ") + keyFile
                    + ": no private key in the file" + (privateKey == null ? " and no privateKey configured" : ""));
        }
        checkKeyMatches(key, chain.get(0), keyFile);
        return new KeyAndChain(key, chain);
    }

    /** Reads trusted certificates from PEM files and PKCS#12 trust stores; a file without any certificate is an error. */
    static List<X509Certificate> readTrusted(List<StoreFile> files) throws TlsSetupException {
        List<X509Certificate> roots = new ArrayList<>();
        for (StoreFile file : files) {
            List<X509Certificate> found = new ArrayList<>();
            if (file.isPkcs12()) {
                KeyStore store = loadPkcs12(file, "trusted");
                try {
                    for (String alias : Collections.list(store.aliases())) {
                        Certificate cert = store.getCertificate(alias);
                        if (cert != null) {
                            found.add(toJdk(cert.getEncoded()));
                        }
                    }
                } catch (GeneralSecurityException e) {
                    throw new TlsSetupException("trusted " + file.path() + ": " + e.getMessage(), e);
                }
            } else {
                found.addAll(certificates(readPemObjects(file.path(), "trusted"), file.path()));
            }
            if (found.isEmpty()) {
                throw new TlsSetupException("trusted " + file.path() + ": no certificate in the file");
            }
            roots.addAll(found);
        }
        return List.copyOf(roots);
    }

    /** Reads a PEM (or DER) CRL. */
    static X509CRL readCrl(Path file) throws TlsSetupException {
        for (Object o : readPemObjects(file, "crl")) {
            if (o instanceof X509CRLHolder) {
                try {
                    return (X509CRL) CertificateFactory.getInstance("X.509")
                            .generateCRL(new ByteArrayInputStream(((X509CRLHolder) o).getEncoded()));
                } catch (GeneralSecurityException | IOException e) {
                    throw new TlsSetupException("crl " + file + ": cannot parse the CRL: " + e.getMessage(), e);
                }
            }
        }
        throw new TlsSetupException("crl " + file + ": no X509 CRL in the file");
    }

    static byte[] readBytes(Path file, String setting) throws TlsSetupException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(setting + " " + file + ": file not found");
        } catch (IOException e) {
            throw new TlsSetupException(setting + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static char[] readPassword(Path file) throws TlsSetupException {
        String text = new String(readBytes(file, "privateKeyPasswordFile"), StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (line.isEmpty()) {
            throw new TlsSetupException("privateKeyPasswordFile " + file + ": the first line is empty");
        }
        return line.toCharArray();
    }

    private static List<Object> readPemObjects(Path file, String setting) throws TlsSetupException {
        String text = new String(readBytes(file, setting), StandardCharsets.ISO_8859_1);
        List<Object> objects = new ArrayList<>();
        try (Reader reader = new StringReader(text); PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsSetupException(setting + " " + file + ": not a valid PEM file: " + e.getMessage(), e);
        }
        if (objects.isEmpty()) {
            throw new TlsSetupException(setting + " " + file + ": not a PEM file (no -----BEGIN ...----- block)");
        }
        return objects;
    }

    private static List<X509Certificate> certificates(List<Object> objects, Path file) throws TlsSetupException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Object o : objects) {
            if (o instanceof X509CertificateHolder) {
                try {
                    certs.add(toJdk(((X509CertificateHolder) o).getEncoded()));
                } catch (IOException | CertificateException e) {
                    throw new TlsSetupException(file + ": cannot parse certificate: " + e.getMessage(), e);
                }
            }
        }
        return certs;
    }

    private static PrivateKey toPrivateKey(Object o, Path file, char[] password, Path passwordFile, X509Certificate leaf)
            throws TlsSetupException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (o instanceof PEMKeyPair) {
                return toJdk(converter.getPrivateKey(withCurve(((PEMKeyPair) o).getPrivateKeyInfo(), leaf)), file);
            }
            if (o instanceof PrivateKeyInfo) {
                return toJdk(converter.getPrivateKey((PrivateKeyInfo) o), file);
            }
            if (o instanceof PEMEncryptedKeyPair) {
                requirePassword(password, file);
                PEMKeyPair pair = ((PEMEncryptedKeyPair) o)
                        .decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BcTls.bc()).build(password));
                return toJdk(converter.getPrivateKey(withCurve(pair.getPrivateKeyInfo(), leaf)), file);
            }
            if (o instanceof PKCS8EncryptedPrivateKeyInfo) {
                requirePassword(password, file);
                PrivateKeyInfo info = ((PKCS8EncryptedPrivateKeyInfo) o).decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BcTls.bc()).build(password));
                return toJdk(converter.getPrivateKey(info), file);
            }
        } catch (TlsSetupException e) {
            throw e;
        } catch (Exception e) {
            // Bad padding or a garbled key after decryption: almost always the wrong password.
            throw new TlsSetupException("privateKey " + file + ": cannot decrypt the key with the password from "
                    + passwordFile + " (wrong password?): " + e.getMessage(), e);
        }
        return null;
    }

    /**
     * A traditional {@code EC PRIVATE KEY} may omit its curve (some writers do); the certificate's key names it.
     */
    private static PrivateKeyInfo withCurve(PrivateKeyInfo info, X509Certificate leaf) throws IOException {
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm()) || algorithm.getParameters() != null) {
            return info;
        }
        AlgorithmIdentifier certAlgorithm = SubjectPublicKeyInfo.getInstance(leaf.getPublicKey().getEncoded()).getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(certAlgorithm.getAlgorithm())) {
            return info;
        }
        return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, certAlgorithm.getParameters()),
                info.parsePrivateKey());
    }

    private static void requirePassword(char[] password, Path file) throws TlsSetupException {
        if (password == null) {
            throw new TlsSetupException("privateKey " + file + ": the key is encrypted but no privateKeyPasswordFile is set");
        }
    }

    private static KeyStore loadPkcs12(StoreFile file, String setting) throws TlsSetupException {
        byte[] bytes = readBytes(file.path(), setting);
        if (file.password() == null) {
            throw new TlsSetupException(setting + " " + file.path() + ": expected \"path;password\" for a PKCS#12 file");
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            // BC's PKCS#12 reads keytool, openssl and JDK files alike, including certificate-only trust stores.
            KeyStore store = KeyStore.getInstance("PKCS12", BcTls.bc());
            store.load(in, file.password().toCharArray());
            return store;
        } catch (IOException e) {
            String reason = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (reason.contains("password") || reason.contains("mac")) {
                throw new TlsSetupException(setting + " " + file.path() + ": wrong password (" + e.getMessage() + ")", e);
            }
            throw new TlsSetupException(setting + " " + file.path() + ": not a PKCS#12 file: " + e.getMessage(), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TlsSetupException(setting + " " + file.path() + ": not a PKCS#12 file: " + e.getMessage(), e);
        }
    }

    /** Re-encodes through the JDK, so TLS signs with JDK providers whatever parsed the key. */
    private static PrivateKey toJdk(PrivateKey key, Path file) throws TlsSetupException {
        String algorithm = key.getAlgorithm();
        if (algorithm.equals("ECDSA")) {
            algorithm = "EC";
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(file + ": unsupported private key type " + key.getAlgorithm(), e);
        }
    }

    private static X509Certificate toJdk(byte[] encoded) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }

    /** Signs a random challenge and verifies it with the certificate: works for every key type. */
    private static void checkKeyMatches(PrivateKey key, X509Certificate cert, Path keyFile) throws TlsSetupException {
        PublicKey publicKey = cert.getPublicKey();
        String algorithm;
        switch (key.getAlgorithm()) {
            case "EC": algorithm = "SHA256withECDSA"; break;
            case "RSA": algorithm = "SHA256withRSA"; break;
            default:
                throw new TlsSetupException(keyFile + ": unsupported private key type " + key.getAlgorithm());
        }
        boolean matches;
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new TlsSetupException(keyFile + ": the private key (" + key.getAlgorithm()
                    + ") does not match the certificate " + ChainVerifier.subject(cert));
        }
    }
}
