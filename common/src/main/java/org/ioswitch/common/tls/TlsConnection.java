package org.ioswitch.common.tls;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.jsse.BCExtendedSSLSession;
import org.bouncycastle.jsse.BCSSLSocket;

/** An established TLS connection: the socket, what it got, and the keying-material exporter. */
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
     * RFC 5705/8446 keying material exporter: both ends of one connection get the same bytes, other connections differ.
     * Used to derive pairing codes a man in the middle cannot make match.
     *
     * @throws SSLException when the session cannot export
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) throws SSLException {
        BCExtendedSSLSession session = ((BCSSLSocket) socket).getBCSession();
        if (session == null) {
            throw new SSLException("no TLS session to export keying material from");
        }
        return session.exportKeyingMaterialData(label, context, length);
    }

    /** Closes the TLS socket and the stream under it. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return socket.getRemoteSocketAddress() + " " + facts.describe();
    }
}
