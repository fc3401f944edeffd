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
