package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RSA-PSS names a small device registers instead of BouncyCastle's provider sign and verify as BC's do. */
class JdkRsaPssTest {
    private static final Provider OURS = JdkRsaPss.provider();
    private static final Provider BC = new BouncyCastleProvider();
    private static final byte[] DATA = "TLS 1.3, server CertificateVerify".getBytes(StandardCharsets.US_ASCII);
    private static KeyPair rsa;
    private static KeyPair other;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        other = g.generateKeyPair();
    }

    private static byte[] sign(String name, Provider p, KeyPair keys) throws Exception {
        Signature s = Signature.getInstance(name, p);
        s.initSign(keys.getPrivate());
        s.update(DATA);
        return s.sign();
    }

    private static boolean verify(String name, Provider p, KeyPair keys, byte[] data, byte[] signature) throws Exception {
        Signature s = Signature.getInstance(name, p);
        s.initVerify(keys.getPublic());
        s.update(data);
        return s.verify(signature);
    }

    @Test
    void signaturesInteroperateWithBouncyCastlesPssForEachDigest() throws Exception {
        for (String name : new String[] {"SHA256withRSAandMGF1", "SHA384withRSAandMGF1", "SHA512withRSAandMGF1"}) {
            // BCJSSE asks in upper case; JCA names are case-insensitive.
            assertEquals(OURS, Signature.getInstance(name.toUpperCase(java.util.Locale.ROOT), OURS).getProvider());
            assertTrue(verify(name, BC, rsa, DATA, sign(name, OURS, rsa)), name + ": BC refused ours");
            assertTrue(verify(name, OURS, rsa, DATA, sign(name, BC, rsa)), name + ": ours refused BC's");
        }
    }

    @Test
    void aSignatureOverOtherDataOrByAnotherKeyOrDigestIsRefused() throws Exception {
        byte[] signature = sign("SHA256withRSAandMGF1", BC, rsa);
        byte[] changed = DATA.clone();
        changed[0] ^= 1;
        assertFalse(verify("SHA256withRSAandMGF1", OURS, rsa, changed, signature), "changed data");
        assertFalse(verify("SHA256withRSAandMGF1", OURS, other, DATA, signature), "another key");
        assertFalse(verify("SHA384withRSAandMGF1", OURS, rsa, DATA, signature), "another digest");
    }
}
