package org.ioswitch.common.tls;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Set;
import java.util.logging.Level;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.tinylog.Logger;

/**
 * The one BCJSSE provider of the process. Its records are encrypted by the JDK's AES-GCM (12x faster than BC's
 * pure-Java AES, see reference/tls-performance.md), its handshakes computed by BouncyCastle ({@link HandshakeCrypto}).
 * BCJSSE itself is never registered
 * in {@link java.security.Security}: it is passed by object to whoever needs it.
 */
final class BcTls {
    /** BC's JCA provider, made on first use: ~700 classes and ~2 MiB of heap a small device does without. */
    private static final class Full {
        static final BouncyCastleProvider BC = new BouncyCastleProvider();
    }

    /**
     * BCJSSE's crypto: records on the JDK's AES-GCM, handshakes on BouncyCastle (see {@link HandshakeCrypto}); null in a
     * {@link TlsProviders#jdkOnly()} process (a small device), whose BCJSSE runs on the JDK's providers throughout.
     */
    static final HandshakeCrypto CRYPTO;

    /** BCJSSE on that crypto: the SSLContext and key manager factory come from this object. */
    static final BouncyCastleJsseProvider JSSE;

    /** Strong reference: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final java.util.logging.Logger JSSE_LOG = java.util.logging.Logger.getLogger("org.bouncycastle.jsse");
    /**
     * BCJSSE warns at start-up about entries of the JDK's {@code jdk.certpath.disabledAlgorithms} it cannot parse
     * (JDK-only syntax such as {@code jdkCA}); they concern the JDK's default trust, which we never use.
     */
    private static final java.util.logging.Logger CONSTRAINTS_LOG = java.util.logging.Logger.getLogger(
            "org.bouncycastle.jsse.provider.DisabledAlgorithmConstraints");

    private static final Set<String> SUPPORTED_SUITES;

    /** For a context that never verifies a peer (the probe below): refuses every certificate, names no issuer. */
    private static final X509TrustManager TRUSTS_NOTHING = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this context trusts no certificate");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this context trusts no certificate");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    static {
        // BCJSSE looks up the RSA-PSS signature names ("SHA256withRSAandMGF1") among the registered providers; without
        // them it offers no RSA-PSS and an RSA server has no usable credential in TLS 1.3. Appending LAST keeps every
        // algorithm the JDK has (AES-GCM above all) on the JDK; insertProviderAt(BC, 1) would make records 12x slower.
        // A small device (TlsProviders.jdkOnly) gets only those names, done by the JDK's RSASSA-PSS.
        boolean jdkOnly = TlsProviders.settleJdkOnly();
        if (jdkOnly) {
            Provider pss = JdkRsaPss.provider();
            if (Security.getProvider(pss.getName()) == null) {
                Security.addProvider(pss);
            }
        } else if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(Full.BC);
        }
        // BCJSSE logs several INFO lines per connection; at our connection rates that costs ~15% of handshakes.
        // Set before the provider exists, since it logs while starting.
        JSSE_LOG.setLevel(Level.WARNING);
        CONSTRAINTS_LOG.setLevel(Level.SEVERE);
        // Its WARNINGs for closed connections carry stack traces: one tinylog line each instead (BcLogRelay).
        JSSE_LOG.setUseParentHandlers(false);
        JSSE_LOG.addHandler(new BcLogRelay());
        CRYPTO = jdkOnly ? null : new HandshakeCrypto(Full.BC);
        JSSE = new BouncyCastleJsseProvider(false, jdkOnly ? new JcaTlsCryptoProvider() : CRYPTO);
        try {
            SSLContext probe = SSLContext.getInstance("TLS", JSSE);
            // Explicit trust managers: with null, BCJSSE asks the JDK for its default ones, which read the JDK's whole
            // cacerts (~150 certificates, ~2 MiB of heap a device kept for good in the JDK's certificate cache).
            // Our contexts trust only configured roots; this probe only lists suites and never connects.
            probe.init(null, new TrustManager[] {TRUSTS_NOTHING}, new SecureRandom());
            SUPPORTED_SUITES = Set.of(probe.getSupportedSSLParameters().getCipherSuites());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BCJSSE cannot create an SSLContext", e);
        }
    }

    private BcTls() {
    }

    /** BC's JCA provider (PEM decryption, PKCS#12), made on the first call. */
    static Provider bc() {
        return Full.BC;
    }

    /** Cipher suite names (IANA) this BCJSSE supports. */
    static Set<String> supportedSuites() {
        return SUPPORTED_SUITES;
    }

    /** A fresh SSLContext; a new one per material generation, never patched in place. */
    static SSLContext newContext(KeyManager[] keyManagers, TrustManager[] trustManagers) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS", JSSE);
        // Without an explicit SecureRandom BCJSSE on JCA crypto asks for "DEFAULT" from BC, which is not registered.
        context.init(keyManagers, trustManagers, new SecureRandom());
        return context;
    }

    /**
     * This side's private key as the handshake crypto signs fastest with it. On BouncyCastle's crypto
     * ({@link HandshakeCrypto}) that is BouncyCastle's own key class: handed a JDK key, BC's ECDSA converts its curve
     * parameters at every signature into a new generator point and recomputes that point's multiplication table each
     * time (measured: 0.39 vs 0.14 ms per P-256 signature, one in every full handshake a server makes). A key BC
     * cannot re-encode, and every key in a JDK-only process, is kept as it is.
     */
    static PrivateKey signingKey(PrivateKey key) {
        if (CRYPTO == null) {
            return key;
        }
        String algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
        try {
            return KeyFactory.getInstance(algorithm, bc()).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            Logger.debug("private key ({}) kept as the JDK decoded it: {}", key.getAlgorithm(), e.getMessage());
            return key;
        }
    }

    /**
     * An empty in-memory key store for this side's key: BouncyCastle's where its crypto signs, since the JDK's PKCS#12
     * store re-decodes a key it is given into a JDK key ({@link #signingKey}).
     */
    static KeyStore ownKeyStore() throws GeneralSecurityException {
        return CRYPTO == null ? KeyStore.getInstance("PKCS12") : KeyStore.getInstance("PKCS12", bc());
    }

    /** Key managers for an in-memory key store, from the same provider object as the SSLContext. */
    static KeyManager[] keyManagers(KeyStore store, char[] password) throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX", JSSE);
        factory.init(store, password);
        return factory.getKeyManagers();
    }
}
