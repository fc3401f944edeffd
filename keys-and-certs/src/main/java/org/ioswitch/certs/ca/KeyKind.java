package org.ioswitch.certs.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key algorithms the tooling creates: EC P-256 by default, RSA where a peer needs it. */
public enum KeyKind {
    EC_P256("SHA256withECDSA"),
    RSA_2048("SHA256withRSA"),
    RSA_4096("SHA256withRSA");

    private final String signatureAlgorithm;

    KeyKind(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** Generates a fresh key pair of this kind with the JDK's providers. */
    public KeyPair generate() {
        try {
            if (this == EC_P256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(this == RSA_2048 ? 2048 : 4096);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate " + this + " keys", e);
        }
    }

    /** The signature algorithm a CA with a key of this kind signs with (SHA-256 based). */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The kind matching an existing key, for signing with a loaded CA key. */
    public static KeyKind of(java.security.Key key) {
        return "RSA".equals(key.getAlgorithm()) ? RSA_2048 : EC_P256;
    }
}
