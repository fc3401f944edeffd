package org.ioswitch.common.tls;

import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Map;

/**
 * RSA-PSS under the names BCJSSE looks for ({@code SHA256withRSAandMGF1}, SHA-384, SHA-512), done by the JDK's own
 * {@code RSASSA-PSS}. The JDK registers PSS only under that one name with parameters; without these names BCJSSE
 * offers no RSA-PSS signature scheme, and a peer with an RSA certificate cannot authenticate in TLS 1.3. A small
 * device registers this instead of BouncyCastle's whole JCA provider ({@link TlsProviders#jdkOnly()}).
 */
final class JdkRsaPss extends SignatureSpi {
    /** The provider: three Signature services, each making a {@link JdkRsaPss} with its digest's parameters. */
    static Provider provider() {
        return new PssProvider();
    }

    private final Signature jdk;
    private final PSSParameterSpec defaults;

    private JdkRsaPss(String digest, int saltLength) {
        try {
            jdk = Signature.getInstance("RSASSA-PSS");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no RSASSA-PSS", e);
        }
        // The parameters TLS 1.3 fixes for rsa_pss_*_shaN (RFC 8446 4.2.3): MGF1 with the same digest, salt = digest length.
        defaults = new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), saltLength,
                PSSParameterSpec.TRAILER_FIELD_BC);
    }

    @Override
    protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
        jdk.initVerify(key);
        useDefaults();
    }

    @Override
    protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
        jdk.initSign(key);
        useDefaults();
    }

    @Override
    protected void engineInitSign(PrivateKey key, SecureRandom random) throws InvalidKeyException {
        jdk.initSign(key, random);
        useDefaults();
    }

    private void useDefaults() throws InvalidKeyException {
        try {
            jdk.setParameter(defaults);
        } catch (InvalidAlgorithmParameterException e) {
            throw new InvalidKeyException("RSA-PSS " + defaults.getDigestAlgorithm() + " does not fit this key", e);
        }
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        jdk.setParameter(params);
    }

    /** BCJSSE reads them back (as AlgorithmParameters) to decide whether the scheme is usable at all. */
    @Override
    protected AlgorithmParameters engineGetParameters() {
        return jdk.getParameters();
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        jdk.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        jdk.update(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        return jdk.sign();
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        return jdk.verify(sigBytes);
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("RSA-PSS takes a PSSParameterSpec, not " + param);
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("RSA-PSS takes a PSSParameterSpec, not " + param);
    }

    private static final class PssProvider extends Provider {
        private static final long serialVersionUID = 1L;

        PssProvider() {
            super("ioswitch-RSA-PSS", "1.0", "RSA-PSS names for BCJSSE over the JDK's RSASSA-PSS");
            putService(new PssService(this, "SHA-256", 32));
            putService(new PssService(this, "SHA-384", 48));
            putService(new PssService(this, "SHA-512", 64));
        }
    }

    /** Makes its SPI directly: no class lookup by name, no public constructor needed. */
    private static final class PssService extends Provider.Service {
        private final String digest;
        private final int saltLength;

        PssService(Provider provider, String digest, int saltLength) {
            super(provider, "Signature", digest.replace("-", "") + "withRSAandMGF1", JdkRsaPss.class.getName(),
                    List.of(), Map.of());
            this.digest = digest;
            this.saltLength = saltLength;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return new JdkRsaPss(digest, saltLength);
        }
    }
}
