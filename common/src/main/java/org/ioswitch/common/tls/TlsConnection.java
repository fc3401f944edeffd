package org.ioswitch.common.tls;

import java.io.Closeable;
import java.io.IOException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLSocket;
import org.tinylog.Logger;

/**
 * An established TLS connection: the socket and what it got. There is no keying-material exporter: BCJSSE 1.84 clears
 * the exporter secret when the handshake completes (see {@code ExporterTest} and docs/security.md).
 */
public final class TlsConnection implements Closeable {
    private final SSLSocket socket;
    private final TlsFacts facts;

    TlsConnection(SSLSocket socket, TlsFacts facts) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.facts = Objects.requireNonNull(facts, "facts");
    }

    /** The TLS socket; read and write through its streams. */
    public SSLSocket socket() {
        return socket;
    }

    /** Protocol, suite, level and peer of this connection. */
    public TlsFacts facts() {
        return facts;
    }

    /**
     * The certificate chain this side presented on this connection (empty if none). After a rotation it can differ
     * from the context's current chain; pairing binds to the server leaf as both ends saw it.
     */
    public List<X509Certificate> localChain() {
        Certificate[] local = socket.getSession().getLocalCertificates();
        List<X509Certificate> chain = new ArrayList<>();
        if (local != null) {
            for (Certificate c : local) {
                chain.add((X509Certificate) c);
            }
        }
        return List.copyOf(chain);
    }

    /**
     * Sends close_notify and closes the socket and the stream under it. Idempotent; a peer that is already gone is
     * not an error here, so the failure to say goodbye is only logged at DEBUG.
     */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            Logger.debug("closing {}: {}", socket.getRemoteSocketAddress(), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return socket.getRemoteSocketAddress() + " " + facts.describe();
    }
}
