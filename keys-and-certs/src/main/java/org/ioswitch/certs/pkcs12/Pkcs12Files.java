package org.ioswitch.certs.pkcs12;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.pem.SecureFiles;

/** Writes PKCS#12 keychains (key + chain) and truststores, readable by keytool, OpenSSL and Java. */
public final class Pkcs12Files {
    private Pkcs12Files() {
    }

    /** Writes a keychain: the key under {@code alias} with its chain (leaf first), protected by {@code password}. */
    public static void write(java.nio.file.Path file, String alias, PrivateKey key, List<X509Certificate> chain,
                             char[] password) throws CertsException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
            store(file, ks, password, true);
        } catch (CertsException e) {
            throw e;
        } catch (Exception e) {
            throw new CertsException(file + ": cannot build PKCS#12: " + e.getMessage(), e);
        }
    }

    /** Writes a truststore holding only certificates. */
    public static void writeTrustStore(java.nio.file.Path file, List<X509Certificate> certificates, char[] password)
            throws CertsException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates) {
                ks.setCertificateEntry("trusted-" + i++, c);
            }
            store(file, ks, password, false);
        } catch (CertsException e) {
            throw e;
        } catch (Exception e) {
            throw new CertsException(file + ": cannot build PKCS#12 truststore: " + e.getMessage(), e);
        }
    }

    /** One entry of a PKCS#12 file: a key with its chain, or a trusted certificate (then {@code privateKey} is null). */
    public record Entry(String alias, PrivateKey privateKey, List<X509Certificate> chain) {
        public Entry {
            chain = List.copyOf(chain);
        }
    }

    /**
     * Reads every entry of a PKCS#12 file; the password opens the file and its keys. A wrong password or a file that is
     * not PKCS#12 is an error naming the file.
     */
    public static List<Entry> read(java.nio.file.Path file, char[] password) throws CertsException {
        KeyStore ks;
        try (var in = java.nio.file.Files.newInputStream(file)) {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CertsException(file + ": file not found", e);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new CertsException(file + ": wrong PKCS#12 password", e);
            }
            throw new CertsException(file + ": not a readable PKCS#12 file: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new CertsException(file + ": not a readable PKCS#12 file: " + e.getMessage(), e);
        }
        List<Entry> out = new java.util.ArrayList<>();
        try {
            for (String alias : java.util.Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    List<X509Certificate> chain = new java.util.ArrayList<>();
                    for (Certificate c : ks.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    out.add(new Entry(alias, (PrivateKey) ks.getKey(alias, password), chain));
                } else {
                    out.add(new Entry(alias, null, List.of((X509Certificate) ks.getCertificate(alias))));
                }
            }
        } catch (java.security.UnrecoverableKeyException e) {
            throw new CertsException(file + ": a key entry does not open with the given password", e);
        } catch (Exception e) {
            throw new CertsException(file + ": cannot read PKCS#12 entries: " + e.getMessage(), e);
        }
        return out;
    }

    private static void store(java.nio.file.Path file, KeyStore ks, char[] password, boolean secret)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password);
        try {
            SecureFiles.writeAtomically(file, out.toByteArray(), secret);
        } catch (IOException e) {
            throw new CertsException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
