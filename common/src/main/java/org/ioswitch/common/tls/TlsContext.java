package org.ioswitch.common.tls;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.ioswitch.common.log.PeerLog;
import org.tinylog.Logger;

/**
 * What client and server contexts share: material read from the files, and hot rotation. When a watched file changes,
 * a NEW SSLContext is built from all files and swapped in for the next connection; a bad new file keeps the old one.
 */
public abstract sealed class TlsContext implements AutoCloseable permits TlsServerContext, TlsClientContext {
    private final TlsOptions options;
    private final boolean server;
    private final AtomicReference<TlsMaterial> material = new AtomicReference<>();
    private final AtomicLong generation = new AtomicLong(1);
    private final List<Runnable> reloadListeners = new CopyOnWriteArrayList<>();
    private final FileWatcher watcher;
    /** Lines about refused peers, collapsed per address; one for the context's life, across reloads. */
    private final PeerLog peerLog = new PeerLog();

    TlsContext(TlsOptions options, boolean server) throws TlsSetupException {
        this.options = Objects.requireNonNull(options, "options");
        this.server = server;
        material.set(TlsMaterial.load(options, server, peerLog));
        List<java.nio.file.Path> files = TlsMaterial.files(options);
        FileWatcher w = null;
        if (!files.isEmpty()) {
            try {
                w = new FileWatcher(files, this::reload, server ? "server" : "client");
            } catch (IOException e) {
                throw new TlsSetupException("cannot watch the TLS files " + files + " for rotation: " + e.getMessage(), e);
            }
        }
        this.watcher = w;
    }

    /**
     * The BCJSSE provider (on {@code HandshakeCrypto}) every context of this process uses, for a tool that must build
     * its own {@code SSLContext} the same way (the fleet simulator: one context, a certificate per socket).
     */
    public static java.security.Provider jsseProvider() {
        return BcTls.JSSE;
    }

    /** Where this context writes the lines about peers it refused. */
    PeerLog peerLog() {
        return peerLog;
    }

    /** The settings this context was opened with. */
    public TlsOptions options() {
        return options;
    }

    /** Starts at 1 and grows by one each time changed files were loaded successfully. */
    public long generation() {
        return generation.get();
    }

    /** Runs {@code listener} on the reload thread after each successful reload (e.g. to revalidate connected peers). */
    public void addReloadListener(Runnable listener) {
        reloadListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops running {@code listener} after reloads (a connection that watched its peer has ended). */
    public void removeReloadListener(Runnable listener) {
        reloadListeners.remove(listener);
    }

    /** This side's own certificate chain, leaf first; empty without key material. */
    public List<X509Certificate> ownChain() {
        return material.get().ownChain;
    }

    /** The SSLContext new connections use now (a new object after each reload). */
    public SSLContext sslContext() {
        return material.get().context;
    }

    /**
     * Checks an already connected peer's chain against the current trust, CRL and expiry policy, so a peer that is
     * now revoked or no longer trusted can be dropped after a reload.
     *
     * @throws CertificateException with the reason the peer would now be refused
     */
    public void revalidate(List<X509Certificate> peerChain) throws CertificateException {
        ChainVerifier verifier = material.get().verifier;
        if (server) {
            verifier.verifyClient(peerChain);
        } else {
            verifier.verifyServer(peerChain, null);
        }
    }

    /** Loads the files now (also called by the watcher); returns true when a new generation was installed. */
    public boolean reload() {
        TlsMaterial current = material.get();
        try {
            if (Arrays.equals(TlsMaterial.digest(options), current.digest)) {
                return false;
            }
            material.set(TlsMaterial.load(options, server, peerLog));
        } catch (TlsSetupException e) {
            Logger.warn("TLS files changed but cannot be used, keeping the previous material: {}", e.getMessage());
            return false;
        }
        long now = generation.incrementAndGet();
        Logger.info("TLS material reloaded from {}, generation {}", TlsMaterial.files(options), now);
        for (Runnable listener : reloadListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                Logger.error(e, "TLS reload listener failed");
            }
        }
        return true;
    }

    /** Stops watching the files; open connections are not touched. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** Sets protocols and suites from the options; servers pick the suite by their own order. */
    SSLSocket configure(SSLSocket socket) {
        javax.net.ssl.SSLParameters params = socket.getSSLParameters();
        params.setProtocols(options.protocols().toArray(new String[0]));
        params.setCipherSuites(options.cipherSuites().toArray(new String[0]));
        params.setUseCipherSuitesOrder(true);
        socket.setSSLParameters(params);
        return socket;
    }

    /**
     * Runs the handshake within {@code timeout}; failures name the peer and the reason, and when the peer refused us
     * with an alert, the alert's name and what to check.
     */
    void handshake(SSLSocket socket, Socket under, Duration timeout, String peer) throws IOException {
        int previous = under.getSoTimeout();
        try {
            socket.setSoTimeout(timeoutMillis(timeout));
            socket.startHandshake();
            socket.setSoTimeout(previous);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new SocketTimeoutException("peer " + peer + ": TLS handshake timed out after " + timeout);
        } catch (SSLException e) {
            closeQuietly(socket);
            short alert = AlertHints.receivedAlert(e);
            SSLHandshakeException failure = new SSLHandshakeException("peer " + peer + ": TLS handshake failed: "
                    + (alert >= 0 ? AlertHints.explain(alert, server) : reason(e)));
            failure.initCause(e);
            throw failure;
        } catch (IOException e) {
            // BCJSSE reports a received alert as TlsFatalAlertReceived, an IOException that is no SSLException.
            closeQuietly(socket);
            short alert = AlertHints.receivedAlert(e);
            throw new IOException("peer " + peer + ": TLS handshake failed: "
                    + (alert >= 0 ? AlertHints.explain(alert, server) : reason(e)), e);
        }
    }

    static int timeoutMillis(Duration timeout) throws SocketTimeoutException {
        long millis = timeout.toMillis();
        if (millis <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    /** The most telling message in the cause chain: a certificate refusal if there is one. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause().getMessage() != null) {
            deepest = deepest.getCause();
        }
        return deepest == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + deepest.getMessage() + ")";
    }

    static List<X509Certificate> peerChain(SSLSession session) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                chain.add((X509Certificate) c);
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    Optional<String> nameOf(List<X509Certificate> chain) {
        return chain.isEmpty() ? Optional.empty()
                : Subjects.field(chain.get(0).getSubjectX500Principal(), options.clientNameOid());
    }

    /** The verifier of the current material: the same checks the trust manager runs (for {@code doctor}). */
    public ChainVerifier verifier() {
        return material.get().verifier;
    }

    /** An enum as the config file spells it: {@code VERIFIED} is {@code verified}. */
    static String configName(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            Logger.debug(e, "closing {}", socket);
        }
    }
}
