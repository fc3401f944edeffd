package org.ioswitch.common.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.tinylog.Logger;

/**
 * Server side of TLS: turns accepted TCP sockets into TLS connections and enforces what the listener requires of its
 * clients. {@code requiredLevel=verified} requires a verified client certificate; below it, {@code clientCertificates}
 * decides whether one is asked for, and a presented certificate must verify.
 */
public final class TlsServerContext extends TlsContext {
    private final boolean requireClientCertificate;
    private final boolean askClientCertificate;

    private TlsServerContext(TlsOptions options) throws TlsSetupException {
        super(options, true);
        requireClientCertificate = options.requiredLevel() == SecurityLevel.VERIFIED
                || options.clientCertificates() == ClientCertificates.REQUIRE;
        // Without roots no client certificate can verify, so OPTIONAL would only refuse clients that have one.
        askClientCertificate = requireClientCertificate
                || (options.clientCertificates() == ClientCertificates.OPTIONAL && !options.trusted().isEmpty());
    }

    /**
     * Reads the key material, trust and CRL files and starts watching them.
     *
     * @throws TlsSetupException naming the file or setting and the problem
     */
    public static TlsServerContext open(TlsOptions options) throws TlsSetupException {
        if (!options.hasKeyMaterial()) {
            throw new TlsSetupException("a TLS listener needs keychain or certificate + privateKey");
        }
        boolean required = options.requiredLevel() == SecurityLevel.VERIFIED
                || options.clientCertificates() == ClientCertificates.REQUIRE;
        if (required && options.trusted().isEmpty()) {
            throw new TlsSetupException("requiredLevel=" + configName(options.requiredLevel())
                    + ", clientCertificates=" + configName(options.clientCertificates())
                    + " requires verified client certificates but trusted is empty");
        }
        TlsServerContext context = new TlsServerContext(options);
        if (options.requiredLevel() == SecurityLevel.VERIFIED && options.clientCertificates() != ClientCertificates.REQUIRE) {
            Logger.info("requiredLevel=verified on a listener requires client certificates (clientCertificates={} ignored)",
                    configName(options.clientCertificates()));
        }
        return context;
    }

    /**
     * Runs the server handshake on an accepted socket within {@code handshakeTimeout} and applies the client rules.
     * Closes the socket and throws when the client is refused; the message names the peer and the reason.
     */
    public TlsConnection accept(Socket tcp, Duration handshakeTimeout) throws IOException {
        String peer = String.valueOf(tcp.getRemoteSocketAddress());
        SSLSocket socket = (SSLSocket) sslContext().getSocketFactory().createSocket(tcp, (InputStream) null, true);
        socket.setUseClientMode(false);
        configure(socket);
        // "Want", not "need": a missing certificate is refused below with a reason of our own.
        socket.setWantClientAuth(askClientCertificate);
        handshake(socket, tcp, handshakeTimeout, peer);
        SSLSession session = socket.getSession();
        List<X509Certificate> chain = peerChain(session);
        if (chain.isEmpty() && requireClientCertificate) {
            closeQuietly(socket);
            TlsRefusal refusal = new TlsRefusal(TlsRefusal.Rule.CLIENT_CERTIFICATE, null,
                    "client presented no certificate, requiredLevel=" + configName(options().requiredLevel())
                            + ", clientCertificates=" + configName(options().clientCertificates()), null);
            peerLog().info(PeerTrustManager.address(tcp), "refused client {}: {}", peer, refusal.getMessage());
            throw new SSLHandshakeException("peer " + peer + ": " + refusal.getMessage());
        }
        // A presented chain has been verified by the trust manager during the handshake.
        SecurityLevel level = chain.isEmpty() ? SecurityLevel.TLS : SecurityLevel.VERIFIED;
        Optional<String> name = nameOf(chain);
        TlsFacts facts = new TlsFacts(session.getProtocol(), session.getCipherSuite(), level,
                chain.isEmpty() ? "" : ChainVerifier.subject(chain.get(0)), name, chain);
        // DEBUG: the "opened" line after authentication carries the same facts; at INFO a slowloris run of completed
        // handshakes would write one line per connection.
        Logger.debug("accepted {}: {}", peer, facts.describe());
        return new TlsConnection(socket, facts);
    }
}
