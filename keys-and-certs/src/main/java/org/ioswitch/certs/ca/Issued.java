package org.ioswitch.certs.ca;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.ioswitch.certs.CertsException;

/** A private key with its certificate chain: leaf first, then intermediates, then the root. */
public record Issued(PrivateKey privateKey, List<X509Certificate> chain) {

    public Issued {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the leaf certificate");
        }
    }

    /**
     * Pairs a key read from a file with its chain, checking by a test signature that the key belongs to the leaf;
     * {@code what} names the files in the error.
     */
    public static Issued matching(PrivateKey privateKey, List<X509Certificate> chain, String what)
            throws CertsException {
        X509Certificate leaf = chain.get(0);
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        boolean ok;
        try {
            String alg = KeyKind.of(privateKey).signatureAlgorithm();
            Signature s = Signature.getInstance(alg);
            s.initSign(privateKey);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(leaf.getPublicKey());
            v.update(challenge);
            ok = v.verify(sig);
        } catch (Exception e) {
            ok = false;
        }
        if (!ok) {
            throw new CertsException(what + ": the private key does not belong to certificate "
                    + leaf.getSubjectX500Principal().getName());
        }
        return new Issued(privateKey, chain);
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }
}
