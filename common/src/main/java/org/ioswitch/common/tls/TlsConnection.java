package org.ioswitch.common.tls;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;
import javax.net.ssl.SSLSocket;

/**
 * An established TLS connection: the socket and what it got. There is no keying-material exporter: BCJSSE 1.84 clears
 * the exporter secret when the handshake completes (see {@code ExporterTest}).
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
