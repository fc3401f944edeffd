package org.ioswitch.switchbox.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.ioswitch.common.link.Deadline;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsServerContext;
import org.tinylog.Logger;

/**
 * The peer port: mutual TLS against the cloud root, then {@link NodeCertificates} (only switchbox node certificates),
 * then the dialer's preamble, all within one {@link Deadline}; {@link NodeLinks#accepted} checks the rest (who dials,
 * the node's record) and runs the link.
 */
final class PeerListener implements AutoCloseable {
    /** Takes a connection whose peer presented node certificate {@code other} and sent its preamble. */
    @FunctionalInterface
    interface Acceptor {
        void accepted(TlsConnection conn, String other, String peer) throws IOException;
    }

    private final TlsServerContext tls;
    private final ServerSocket listener;
    private final Duration handshakeTimeout;
    private final Acceptor acceptor;
    private volatile boolean closed;

    PeerListener(ClusterOptions options, TlsServerContext tls, Duration handshakeTimeout, Acceptor acceptor)
            throws IOException {
        this.tls = tls;
        this.handshakeTimeout = handshakeTimeout;
        this.acceptor = acceptor;
        listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(options.peerBind()), options.peerPort()), 64);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on the peer port " + options.peerBind() + ":" + options.peerPort()
                    + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    void start() {
        Threads.start("ioswitch-cluster-peer-accept :" + port(), this::acceptLoop);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket tcp = listener.accept();
                tcp.setTcpNoDelay(true);
                Threads.start("ioswitch-cluster-peer " + tcp.getRemoteSocketAddress(), () -> serve(tcp));
            } catch (IOException e) {
                if (!closed) {
                    Logger.error(e, "accept failed on the peer port {}", port());
                }
            }
        }
    }

    private void serve(Socket tcp) {
        String peer = String.valueOf(tcp.getRemoteSocketAddress());
        Deadline deadline = Deadline.after(handshakeTimeout);
        TlsConnection conn = null;
        try {
            conn = tls.accept(tcp, deadline.left());
            String other = NodeCertificates.nodeId(conn.facts());
            PeerPreamble.read(conn.socket(), peer, deadline);
            acceptor.accepted(conn, other, peer);
        } catch (NodeCertificates.NotANodeException e) {
            Logger.info("refused peer {} on the peer port: {}", peer, e.getMessage());
            conn.close();
        } catch (IOException e) {
            Logger.info("refused peer {} on the peer port: {}", peer, e.getMessage());
            if (conn != null) {
                conn.close();
            } else {
                closeQuietly(tcp);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            Logger.debug("closing {}: {}", s, e.getMessage());
        }
    }

    /** Stops accepting; the links themselves belong to {@link NodeLinks}. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            Logger.debug("closing the peer port: {}", e.getMessage());
        }
    }
}
