package org.ioswitch.common.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.tinylog.Logger;

/**
 * Decides on the peer's chain during the handshake with a {@link ChainVerifier}, so a refusal sends an alert and its
 * reason reaches the refusing side's log. A client below {@code VERIFIED} accepts any server here; the connection's
 * actual level is assessed after the handshake.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final ChainVerifier verifier;
    private final TlsOptions options;
    private final boolean server;

    PeerTrustManager(ChainVerifier verifier, TlsOptions options, boolean server) {
        this.verifier = verifier;
        this.options = options;
        this.server = server;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClient(chain, peer(socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        String host = null;
        if (socket instanceof SSLSocket) {
            SSLSession handshake = ((SSLSocket) socket).getHandshakeSession();
            host = handshake == null ? null : handshake.getPeerHost();
        }
        checkServer(chain, host, peer(socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClient(chain, engine == null ? "?" : engine.getPeerHost() + ":" + engine.getPeerPort());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServer(chain, engine == null ? null : engine.getPeerHost(),
                engine == null ? "?" : engine.getPeerHost() + ":" + engine.getPeerPort());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkClient(chain, "?");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain, null, "?");
    }

    /** Empty on purpose: clients then always send their certificate, so a refusal names the real reason. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }

    private void checkClient(X509Certificate[] chain, String peer) throws CertificateException {
        if (!server) {
            throw new CertificateException("a client context does not accept client certificates");
        }
        try {
            verifier.verifyClient(List.of(chain));
        } catch (CertificateException e) {
            Logger.info("refused client {}: {}", peer, e.getMessage());
            throw e;
        }
    }

    private void checkServer(X509Certificate[] chain, String host, String peer) throws CertificateException {
        if (options.requiredLevel() != SecurityLevel.VERIFIED) {
            return;
        }
        if (options.verifyHostname() && host == null) {
            throw new CertificateException("no host name to verify the server certificate against");
        }
        try {
            verifier.verifyServer(List.of(chain), options.verifyHostname() ? host : null);
        } catch (CertificateException e) {
            Logger.info("refused server {}: {}", peer, e.getMessage());
            throw e;
        }
    }

    private static String peer(Socket socket) {
        return socket == null ? "?" : String.valueOf(socket.getRemoteSocketAddress());
    }
}
