package org.ioswitch.common.tls;

/**
 * Which JCA algorithms BCJSSE finds beside the JDK's in this process. By default BouncyCastle's JCA provider is
 * appended (RSA-PSS names, and what the JDK lacks: ML-KEM for the X25519MLKEM768 hybrid group, ChaCha20 and others).
 * A small device calls {@link #jdkOnly()} first: then only the RSA-PSS names are added ({@link JdkRsaPss}), which
 * keeps the cipher suites, signature schemes and certificate checks and saves the ~700 classes and ~2 MiB of heap
 * BouncyCastle's provider costs (docs/performance.md). PKCS#12 and encrypted PEM keys still use BouncyCastle's
 * provider, made only when such a file is read.
 */
public final class TlsProviders {
    private static volatile boolean jdkOnly;
    private static volatile boolean settled;

    private TlsProviders() {
    }

    /**
     * The JDK's providers plus RSA-PSS names, without BouncyCastle's JCA provider; call before anything uses TLS.
     *
     * @throws IllegalStateException when TLS is already set up in this process (the choice can no longer apply)
     */
    public static synchronized void jdkOnly() {
        if (settled && !jdkOnly) {
            throw new IllegalStateException("TLS providers are already set up with BouncyCastle's provider");
        }
        jdkOnly = true;
    }

    /** Called once by BcTls while it sets up: fixes the choice for the rest of the process. */
    static synchronized boolean settleJdkOnly() {
        settled = true;
        return jdkOnly;
    }
}
