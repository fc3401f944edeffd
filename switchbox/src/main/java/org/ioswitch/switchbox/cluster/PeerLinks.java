package org.ioswitch.switchbox.cluster;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;
import org.tinylog.Logger;

/**
 * This node's outgoing links, one per other node, dialed on first use. A link is used only with the node it was
 * dialed for: the other end must present a switchbox node certificate whose CN is that node's id and whose
 * fingerprint is the one in its node record (so a node whose record was rewritten by someone else is not trusted
 * because its certificate chains to the cloud root alone).
 */
final class PeerLinks implements AutoCloseable {
    private record Link(Tunnel tunnel, String fingerprint) {}

    private final String nodeId;
    private final TlsClientContext tls;
    private final TunnelOptions tunnelOptions;
    private final Duration connectTimeout;
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private volatile boolean closed;

    PeerLinks(String nodeId, TlsClientContext tls, TunnelOptions tunnelOptions, Duration connectTimeout) {
        this.nodeId = nodeId;
        this.tls = tls;
        this.tunnelOptions = tunnelOptions;
        this.connectTimeout = connectTimeout;
    }

    /**
     * The open link to {@code node}, dialed now when there is none.
     *
     * @throws IOException naming the node and why it cannot be reached or is not who the registry says
     */
    Tunnel to(ClusterView.Node node) throws IOException {
        Link link = links.get(node.id());
        if (link != null && link.tunnel().isOpen() && link.fingerprint().equals(node.fingerprint())) {
            return link.tunnel();
        }
        synchronized (this) {
            link = links.get(node.id());
            if (link != null && link.tunnel().isOpen() && link.fingerprint().equals(node.fingerprint())) {
                return link.tunnel();
            }
            if (link != null) {
                link.tunnel().close(CloseCode.NORMAL, "node " + node.id() + " has a new record");
            }
            if (closed) {
                throw new WireException(CloseCode.SHUTDOWN, "node " + nodeId + " is leaving the cluster");
            }
            Link dialed = dial(node);
            links.put(node.id(), dialed);
            dialed.tunnel().ended().thenRun(() -> links.remove(node.id(), dialed));
            return dialed.tunnel();
        }
    }

    private Link dial(ClusterView.Node node) throws IOException {
        TlsConnection conn = tls.connect(node.peer().host(), node.peer().port(), connectTimeout);
        try {
            String presented;
            try {
                presented = NodeCertificates.nodeId(conn.facts());
            } catch (NodeCertificates.NotANodeException e) {
                throw new WireException(CloseCode.AUTH_FAILED, "node " + node.id() + " at " + node.peer() + ": "
                        + e.getMessage());
            }
            X509Certificate leaf = conn.facts().peerChain().get(0);
            String fingerprint = NodeCertificates.fingerprint(leaf);
            if (!presented.equals(node.id()) || !fingerprint.equals(node.fingerprint())) {
                throw new WireException(CloseCode.AUTH_FAILED, "peer at " + node.peer() + " presented node "
                        + presented + " (SHA-256 " + fingerprint + "); the registry names node " + node.id()
                        + " (SHA-256 " + node.fingerprint() + ") there");
            }
            PeerPreamble.write(conn.socket().getOutputStream());
            PeerPreamble.read(conn.socket(), node.peer().toString(), (int) connectTimeout.toMillis());
            Tunnel tunnel = new Tunnel("peer " + nodeId + "->" + node.id(), conn.socket().getInputStream(),
                    conn.socket().getOutputStream(), conn, tunnelOptions, tunnelOptions.maxFrameSize(), null);
            tunnel.start();
            Logger.info("cluster node {}: link to node {} at {} ({})", nodeId, node.id(), node.peer(),
                    conn.facts().describe());
            return new Link(tunnel, fingerprint);
        } catch (IOException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        links.values().forEach(l -> l.tunnel().close(CloseCode.SHUTDOWN, "node " + nodeId + " leaving the cluster"));
        links.clear();
    }
}
