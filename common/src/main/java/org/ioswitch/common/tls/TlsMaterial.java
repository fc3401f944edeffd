package org.ioswitch.common.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.ioswitch.common.log.PeerLog;
import org.tinylog.Logger;

/** One generation of TLS material read from the files: a fresh SSLContext and the verifier behind its trust manager. */
final class TlsMaterial {
    final SSLContext context;
    final ChainVerifier verifier;
    final List<X509Certificate> ownChain;
    final byte[] digest;
    /** This side's key as key managers (null without key material), for a context with other trust (the probe). */
    final KeyManager[] keyManagers;

    private TlsMaterial(SSLContext context, ChainVerifier verifier, List<X509Certificate> ownChain, byte[] digest,
                        KeyManager[] keyManagers) {
        this.keyManagers = keyManagers;
        this.context = context;
        this.verifier = verifier;
        this.ownChain = ownChain;
        this.digest = digest;
    }

    /** Every file this material is read from; rotation watches them. */
    static List<java.nio.file.Path> files(TlsOptions options) {
        List<java.nio.file.Path> files = new ArrayList<>();
        if (options.keychain() != null) {
            files.add(options.keychain().path());
        }
        for (java.nio.file.Path p : Arrays.asList(options.certificate(), options.privateKey(),
                options.privateKeyPasswordFile(), options.crl())) {
            if (p != null) {
                files.add(p);
            }
        }
        options.trusted().forEach(t -> files.add(t.path()));
        return files;
    }

    /** Digest over the content of all files, so a rewrite with the same bytes does not start a new generation. */
    static byte[] digest(TlsOptions options) throws TlsSetupException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (java.nio.file.Path file : files(options)) {
                sha.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(MaterialFiles.readBytes(file, "file"));
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads every file and builds a new SSLContext; the server flag selects how the trust manager treats its peer,
     * whose refusals go to {@code peerLog}.
     */
    static TlsMaterial load(TlsOptions options, boolean server, PeerLog peerLog) throws TlsSetupException {
        byte[] digest = digest(options);
        MaterialFiles.KeyAndChain own = null;
        if (options.keychain() != null) {
            own = MaterialFiles.readKeychain(options.keychain());
        } else if (options.certificate() != null) {
            own = MaterialFiles.readPem(options.certificate(), options.privateKey(), options.privateKeyPasswordFile());
        }
        List<X509Certificate> roots = MaterialFiles.readTrusted(options.trusted());
        List<X509CRL> crls = new ArrayList<>();
        if (options.crl() != null) {
            X509CRL crl = MaterialFiles.readCrl(options.crl());
            checkCrl(crl, roots, options);
            crls.add(crl);
        }
        ChainVerifier verifier = new ChainVerifier(roots, options.expiry(), crls, options.clockFloor(), options.clock());
        try {
            KeyManager[] keyManagers = null;
            if (own != null) {
                char[] storePassword = new char[0];
                KeyStore store = BcTls.ownKeyStore();
                store.load(null, null);
                store.setKeyEntry("own", BcTls.signingKey(own.key()), storePassword,
                        own.chain().toArray(new X509Certificate[0]));
                keyManagers = BcTls.keyManagers(store, storePassword);
            }
            TrustManager[] trustManagers = {new PeerTrustManager(verifier, options, server, peerLog)};
            SSLContext context = BcTls.newContext(keyManagers, trustManagers);
            return new TlsMaterial(context, verifier, own == null ? List.of() : own.chain(), digest,
                    keyManagers);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsSetupException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    private static void checkCrl(X509CRL crl, List<X509Certificate> roots, TlsOptions options) throws TlsSetupException {
        for (X509Certificate root : roots) {
            if (root.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    crl.verify(root.getPublicKey());
                } catch (GeneralSecurityException e) {
                    throw new TlsSetupException("crl " + options.crl() + ": signature does not verify with the trusted root "
                            + ChainVerifier.subject(root), e);
                }
            }
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(Instant.now())) {
            Logger.warn("crl {}: next update was due {}; still honoured", options.crl(), crl.getNextUpdate().toInstant());
        }
    }
}
