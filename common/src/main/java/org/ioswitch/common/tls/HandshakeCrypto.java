package org.ioswitch.common.tls;

import java.security.AlgorithmParameters;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.Security;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * BCJSSE's crypto: AES-GCM, which encrypts every record, from the JDK's SunJCE (4 GiB/s; BouncyCastle's pure-Java AES
 * is 12x slower), and every algorithm of the handshake (ECDSA, X25519, SHA-2, HMAC, the DRBG) from BouncyCastle, whose
 * EC arithmetic is about twice as fast as the JDK's on Java 17 (reference/tls-performance.md: 557 vs 264 full
 * handshakes per second; 569 vs 482 on Java 25). A full handshake is what every device pays at each reconnect, and
 * what a home server pays for all of them after a restart.
 */
final class HandshakeCrypto extends JcaTlsCryptoProvider {
    private final JcaJceHelper helper;

    HandshakeCrypto(Provider bc) {
        this.helper = new Hybrid(bc, Security.getProvider("SunJCE"));
    }

    @Override
    public JcaJceHelper getHelper() {
        return helper;
    }

    /** BouncyCastle for everything except AES-GCM and its parameters, which come from the JDK when it has them. */
    static final class Hybrid extends ProviderJcaJceHelper {
        private final Provider records;

        Hybrid(Provider bc, Provider sunJce) {
            super(bc);
            this.records = sunJce;
        }

        @Override
        public Cipher createCipher(String algorithm) throws NoSuchAlgorithmException, NoSuchPaddingException {
            if (records != null && algorithm.startsWith("AES/GCM/")) {
                return Cipher.getInstance(algorithm, records);
            }
            return super.createCipher(algorithm);
        }

        @Override
        public AlgorithmParameters createAlgorithmParameters(String algorithm) throws NoSuchAlgorithmException {
            if (records != null && (algorithm.equals("GCM") || algorithm.equals("AES"))) {
                return AlgorithmParameters.getInstance(algorithm, records);
            }
            return super.createAlgorithmParameters(algorithm);
        }
    }

    /** The provider whose cipher encrypts records with {@code algorithm}, for tests and diagnostics. */
    String recordCipherProvider(String algorithm) throws NoSuchAlgorithmException, NoSuchPaddingException,
            NoSuchProviderException {
        return helper.createCipher(algorithm).getProvider().getName();
    }
}
