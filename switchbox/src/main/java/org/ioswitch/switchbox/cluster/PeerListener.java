package org.ioswitch.switchbox.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.CloseCode;
import org.tinylog.Logger;

/**
 * The peer port: mutual TLS against the cloud root, then {@link NodeCertificates} (only switchbox node certificates),
 * then the preamble; each accepted link is a tunnel whose streams the other node opens for its clients.
 */
final class PeerListener implements AutoCloseable {
    private final TlsServerContext tls;
    private final ServerSocket listener;
    private final TunnelOptions tunnelOptions;
    private final Duration handshakeTimeout;
    private final Tunnel.StreamHandler handler;
    private final String nodeId;
    private final Set<Tunnel> links = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PeerListener(ClusterOptions options, TlsServerContext tls, TunnelOptions tunnelOptions, Duration handshakeTimeout,
            Tunnel.StreamHandler handler) throws IOException {
        this.tls = tls;
        this.tunnelOptions = tunnelOptions;
        this.handshakeTimeout = handshakeTimeout;
        this.handler = handler;
        this.nodeId = options.nodeId();
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
        TlsConnection conn = null;
        try {
            conn = tls.accept(tcp, handshakeTimeout);
            String other = NodeCertificates.nodeId(conn.facts());
            PeerPreamble.read(conn.socket(), peer, (int) handshakeTimeout.toMillis());
            PeerPreamble.write(conn.socket().getOutputStream());
            Tunnel link = new Tunnel("peer " + other + "->" + nodeId + " " + peer, conn.socket().getInputStream(),
                    conn.socket().getOutputStream(), conn, tunnelOptions, tunnelOptions.maxFrameSize(), handler);
            links.add(link);
            link.ended().thenRun(() -> links.remove(link));
            link.start();
            if (closed) {
                link.close(CloseCode.SHUTDOWN, "node " + nodeId + " leaving the cluster");
            }
            Logger.info("cluster node {}: link from node {} accepted ({})", nodeId, other, conn.facts().describe());
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

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            Logger.debug("closing the peer port: {}", e.getMessage());
        }
        links.forEach(l -> l.close(CloseCode.SHUTDOWN, "node " + nodeId + " leaving the cluster"));
    }
}
