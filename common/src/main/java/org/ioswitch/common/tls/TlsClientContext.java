package org.ioswitch.common.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.tinylog.Logger;

/**
 * Client side of TLS: connects to servers (or wraps an existing stream, e.g. end-to-end TLS through a relay) and
 * checks the server as {@code requiredLevel} says. Below {@code verified} the server is accepted unverified, with a
 * warning, and the connection's facts say whether it happened to verify anyway.
 */
public final class TlsClientContext extends TlsContext {

    private TlsClientContext(TlsOptions options) throws TlsSetupException {
        super(options, false);
    }

    /**
     * Reads the key material (optional for a client), trust and CRL files and starts watching them.
     *
     * @throws TlsSetupException naming the file or setting and the problem
     */
    public static TlsClientContext open(TlsOptions options) throws TlsSetupException {
        if (options.requiredLevel() == SecurityLevel.VERIFIED && options.trusted().isEmpty()) {
            throw new TlsSetupException("requiredLevel=verified needs trusted roots to verify servers, trusted is empty");
        }
        if (options.requiredLevel() != SecurityLevel.VERIFIED) {
            Logger.warn("servers are not verified (requiredLevel={}): a man in the middle can read this traffic",
                    configName(options.requiredLevel()));
        } else if (!options.verifyHostname()) {
            Logger.warn("server host names are not checked (verifyHostname=false): any server certificate from the"
                    + " trusted roots is accepted for any host");
        }
        return new TlsClientContext(options);
    }

    /**
     * Connects over TCP and runs the TLS handshake, both within one {@code timeout}; a timeout names its step.
     *
     * @throws SocketTimeoutException naming TCP or TLS
     * @throws javax.net.ssl.SSLHandshakeException naming the reason the server was refused (or refused us)
     */
    public TlsConnection connect(String host, int port, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        Socket tcp = new Socket();
        try {
            tcp.connect(new InetSocketAddress(host, port), timeoutMillis(timeout));
        } catch (SocketTimeoutException e) {
            closeQuietly(tcp);
            throw new SocketTimeoutException("TCP connect to " + host + ":" + port + " timed out after " + timeout);
        } catch (IOException e) {
            closeQuietly(tcp);
            throw new IOException("TCP connect to " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
        tcp.setTcpNoDelay(true);
        try {
            return wrap(tcp, host, port, Duration.between(Instant.now(), deadline));
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("peer " + host + ":" + port + ": TLS handshake timed out (connect timeout "
                    + timeout + ")");
        }
    }

    /**
     * Runs a client handshake over an existing connected socket, checking the server against {@code host}. The TLS
     * socket owns {@code over} and closes it.
     */
    public TlsConnection wrap(Socket over, String host, int port, Duration timeout) throws IOException {
        String peer = host + ":" + port;
        SSLSocket socket = (SSLSocket) sslContext().getSocketFactory().createSocket(over, host, port, true);
        socket.setUseClientMode(true);
        configure(socket);
        if (timeout.isNegative() || timeout.isZero()) {
            closeQuietly(socket);
            throw new SocketTimeoutException("peer " + peer + ": TLS handshake not started, the deadline passed on TCP");
        }
        handshake(socket, over, timeout, peer);
        SSLSession session = socket.getSession();
        List<X509Certificate> chain = peerChain(session);
        SecurityLevel level = assess(chain, host, peer);
        TlsFacts facts = new TlsFacts(session.getProtocol(), session.getCipherSuite(), level,
                chain.isEmpty() ? "" : ChainVerifier.subject(chain.get(0)),
                level == SecurityLevel.VERIFIED ? nameOf(chain) : Optional.empty(), chain);
        Logger.info("connected {}: {}", peer, facts.describe());
        return new TlsConnection(socket, facts);
    }

    private SecurityLevel assess(List<X509Certificate> chain, String host, String peer) {
        if (options().requiredLevel() == SecurityLevel.VERIFIED) {
            return SecurityLevel.VERIFIED; // the trust manager refused the handshake otherwise
        }
        try {
            verifier().verifyServer(chain, options().verifyHostname() ? host : null);
            return SecurityLevel.VERIFIED;
        } catch (CertificateException e) {
            Logger.warn("server {} is not verified ({}); accepted because requiredLevel={}", peer, e.getMessage(),
                    configName(options().requiredLevel()));
            return SecurityLevel.TLS;
        }
    }
}
