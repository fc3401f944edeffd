package org.ioswitch.common.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.ioswitch.common.log.PeerLog;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

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
    private final PeerLog peerLog;

    /** Refusals go to {@code peerLog}: one line each, collapsed per address (a peer's misbehaviour, not ours). */
    PeerTrustManager(ChainVerifier verifier, TlsOptions options, boolean server, PeerLog peerLog) {
        this.verifier = verifier;
        this.options = options;
        this.server = server;
        this.peerLog = peerLog;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClient(chain, peer(socket), address(socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        String host = null;
        if (socket instanceof SSLSocket) {
            SSLSession handshake = ((SSLSocket) socket).getHandshakeSession();
            host = handshake == null ? null : handshake.getPeerHost();
        }
        checkServer(chain, host, peer(socket), address(socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClient(chain, engine == null ? "?" : engine.getPeerHost() + ":" + engine.getPeerPort(),
                engine == null ? "?" : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServer(chain, engine == null ? null : engine.getPeerHost(),
                engine == null ? "?" : engine.getPeerHost() + ":" + engine.getPeerPort(),
                engine == null ? "?" : engine.getPeerHost());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkClient(chain, "?", "?");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain, null, "?", "?");
    }

    /** Empty on purpose: clients then always send their certificate, so a refusal names the real reason. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }

    private void checkClient(X509Certificate[] chain, String peer, String address) throws CertificateException {
        if (!server) {
            throw new CertificateException("a client context does not accept client certificates");
        }
        try {
            verifier.verifyClient(List.of(chain));
        } catch (CertificateException e) {
            peerLog.info(address, "refused client {}: {}", peer, e.getMessage());
            throw e;
        }
    }

    private void checkServer(X509Certificate[] chain, String host, String peer, String address)
            throws CertificateException {
        if (options.requiredLevel() != SecurityLevel.VERIFIED) {
            return;
        }
        if (options.verifyHostname() && host == null) {
            throw new CertificateException("no host name to verify the server certificate against");
        }
        try {
            verifier.verifyServer(List.of(chain), options.verifyHostname() ? host : null);
        } catch (CertificateException e) {
            peerLog.info(address, "refused server {}: {}", peer, e.getMessage());
            throw e;
        }
    }

    private static String peer(Socket socket) {
        return socket == null ? "?" : String.valueOf(socket.getRemoteSocketAddress());
    }

    /** The peer's IP address, what {@link PeerLog} collapses lines by. */
    static String address(Socket socket) {
        return socket == null || socket.getInetAddress() == null ? "?" : socket.getInetAddress().getHostAddress();
    }
}
