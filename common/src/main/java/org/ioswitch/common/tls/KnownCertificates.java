package org.ioswitch.common.tls;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one {@link ChainVerifier} has already established about the exact bytes of a certificate or CRL: that its
 * signature verifies with a given issuer key, and (for certificates) its validity dates. A fleet presents the same
 * certificates at every reconnect, and after a server restart ten thousand of them at once: each check of a
 * certificate's signature is an ECDSA or RSA verification (about a tenth of a full handshake's CPU on the server), and
 * BouncyCastle re-parses the validity dates from ASN.1 at every call.
 *
 * <p>Only facts fixed by the bytes are kept, keyed by the SHA-256 of the DER (and of the issuer's key): a certificate
 * that differs in one bit is another entry and is verified afresh. Nothing that depends on time or configuration is
 * kept: validity is still compared with now, trust anchors, purpose and revocation are still checked at every
 * handshake, and a reload of the trust or CRL files makes a new verifier with an empty memory. Failures are never
 * remembered. Bounded: past {@link #MAX_ENTRIES} it starts over.
 */
final class KnownCertificates {
    /** About 150 bytes each: 100,000 certificates cost ~15 MiB at most. */
    static final int MAX_ENTRIES = 100_000;

    /** Facts about one DER; the signers set grows as issuers are verified (usually one). */
    private record Facts(long notBefore, long notAfter, Set<ByteBuffer> verifiedWith) {
    }

    private final ConcurrentHashMap<ByteBuffer, Facts> certificates = new ConcurrentHashMap<>();
    /** SHA-256 of a CRL's DER and of the key it verified with, concatenated. */
    private final Set<ByteBuffer> crlSignatures = ConcurrentHashMap.newKeySet();

    /** True if {@code cert}'s signature verifies with {@code key}; a success is remembered for these exact bytes. */
    boolean signedBy(X509Certificate cert, PublicKey key) {
        Facts facts = facts(cert);
        ByteBuffer keyId = facts == null ? null : sha256(key.getEncoded());
        if (keyId != null && facts.verifiedWith().contains(keyId)) {
            return true;
        }
        try {
            cert.verify(key);
        } catch (GeneralSecurityException e) {
            return false;
        }
        if (keyId != null) {
            facts.verifiedWith().add(keyId);
        }
        return true;
    }

    /** {@code cert}'s notBefore, read once per DER. */
    Date notBefore(X509Certificate cert) {
        Facts facts = facts(cert);
        return facts == null ? cert.getNotBefore() : new Date(facts.notBefore());
    }

    /** {@code cert}'s notAfter, read once per DER. */
    Date notAfter(X509Certificate cert) {
        Facts facts = facts(cert);
        return facts == null ? cert.getNotAfter() : new Date(facts.notAfter());
    }

    /**
     * Verifies {@code crl}'s signature with {@code key}, unless these bytes already verified with that key.
     *
     * @throws GeneralSecurityException if it does not verify
     */
    void verify(X509CRL crl, PublicKey key) throws GeneralSecurityException {
        ByteBuffer id = null;
        byte[] der = crl.getEncoded();
        byte[] keyDer = key.getEncoded();
        if (der != null && keyDer != null) {
            id = ByteBuffer.wrap(concat(sha256Bytes(der), sha256Bytes(keyDer)));
            if (crlSignatures.contains(id)) {
                return;
            }
        }
        crl.verify(key);
        if (id != null) {
            if (crlSignatures.size() >= MAX_ENTRIES) {
                crlSignatures.clear();
            }
            crlSignatures.add(id);
        }
    }

    /** Entries held now (for tests). */
    int size() {
        return certificates.size();
    }

    private Facts facts(X509Certificate cert) {
        ByteBuffer id;
        try {
            id = sha256(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            return null;
        }
        if (id == null) {
            return null;
        }
        Facts known = certificates.get(id);
        if (known != null) {
            return known;
        }
        if (certificates.size() >= MAX_ENTRIES) {
            certificates.clear();
        }
        return certificates.computeIfAbsent(id, k -> new Facts(cert.getNotBefore().getTime(), cert.getNotAfter().getTime(),
                ConcurrentHashMap.newKeySet()));
    }

    private static ByteBuffer sha256(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(sha256Bytes(bytes));
    }

    private static byte[] sha256Bytes(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
