package org.ioswitch.common.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Set;
import java.util.logging.Level;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The one BCJSSE provider of the process. It runs on the JDK's JCA providers so records are encrypted by the JDK's
 * AES-GCM (12x faster than BC's pure-Java AES, see reference/tls-performance.md). It is never registered in
 * {@link java.security.Security}: it is passed by object to whoever needs it.
 */
final class BcTls {
    /** BCJSSE on JDK crypto: the SSLContext, key manager factory all come from this object. */
    static final BouncyCastleJsseProvider JSSE = new BouncyCastleJsseProvider(false, new JcaTlsCryptoProvider());

    /** BC's JCA provider, used only for PEM decryption and PKCS#12 fallback; never inserted into Security. */
    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** Strong reference: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final java.util.logging.Logger JSSE_LOG = java.util.logging.Logger.getLogger("org.bouncycastle.jsse");

    private static final Set<String> SUPPORTED_SUITES;

    static {
        // BCJSSE logs several INFO lines per connection; at our connection rates that costs ~15% of handshakes.
        JSSE_LOG.setLevel(Level.WARNING);
        try {
            SSLContext probe = SSLContext.getInstance("TLS", JSSE);
            probe.init(null, null, new SecureRandom());
            SUPPORTED_SUITES = Set.of(probe.getSupportedSSLParameters().getCipherSuites());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BCJSSE cannot create an SSLContext", e);
        }
    }

    private BcTls() {
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

    /** Key managers for an in-memory key store, from the same provider object as the SSLContext. */
    static KeyManager[] keyManagers(KeyStore store, char[] password) throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX", JSSE);
        factory.init(store, password);
        return factory.getKeyManagers();
    }
}
