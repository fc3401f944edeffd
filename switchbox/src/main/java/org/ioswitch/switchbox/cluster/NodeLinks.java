package org.ioswitch.switchbox.cluster;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ioswitch.common.link.Backoff;
import org.ioswitch.common.link.Deadline;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;
import org.tinylog.Logger;

/**
 * This node's links to the other nodes: <b>one TLS connection per pair of nodes</b>, carrying streams both ways
 * (tunnel framing, {@link Tunnel#nodeLink}: the dialer's stream ids are odd, the acceptor's even).
 * <p>
 * Who dials is fixed, so two nodes never dial each other at once: <b>the node whose id sorts first dials</b>, as soon
 * as it sees the other node's record, and again (with backoff) whenever the link ends. The other node waits for it.
 * The one race left is a dialer that dials again while the other end still holds the previous link (it had not
 * noticed the old connection's end yet): the newest link from the dialer replaces the older one, which is closed.
 * <p>
 * Both ends check the other against the registry: the certificate's CN must be the node id of a record and its
 * SHA-256 fingerprint the one in that record, so a certificate that merely chains to the cloud root cannot pose as a
 * node whose record says otherwise.
 */
final class NodeLinks implements AutoCloseable {
    /** A link to {@code node}, made while its record had {@code fingerprint}. */
    record Link(String node, String fingerprint, boolean dialedHere, Tunnel tunnel) {}

    private record Retry(Backoff backoff, long notBeforeNanos) {}

    private final String nodeId;
    private final ClusterView view;
    private final TlsClientContext tls;
    private final TunnelOptions tunnelOptions;
    private final Duration connectTimeout;
    private final Tunnel.StreamHandler handler;
    /** By the other node's id; changes notify {@link #changed}. */
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Link>> dials = new ConcurrentHashMap<>();
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param handler serves the streams the other nodes open on a link (forwarded clients)
     * @param connectTimeout bounds one dial (TCP, TLS, preamble) and a wait for the other node's link
     */
    NodeLinks(String nodeId, ClusterView view, TlsClientContext tls, TunnelOptions tunnelOptions,
            Duration connectTimeout, Tunnel.StreamHandler handler) {
        this.nodeId = nodeId;
        this.view = view;
        this.tls = tls;
        this.tunnelOptions = tunnelOptions;
        this.connectTimeout = connectTimeout;
        this.handler = handler;
    }

    /** The rule: of two nodes, the one whose id sorts first dials the link between them. */
    static boolean dials(String node, String other) {
        return node.compareTo(other) < 0;
    }

    /** Called (on the thread that made the change) whenever a link opens or ends, until the handle is closed. */
    AutoCloseable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The open links by the other node's id. */
    Map<String, Link> open() {
        Map<String, Link> out = new java.util.TreeMap<>();
        links.forEach((id, l) -> {
            if (l.tunnel().isOpen()) {
                out.put(id, l);
            }
        });
        return out;
    }

    /**
     * The open link to {@code node}: the current one, a new one dialed now when this node dials, or the one the other
     * node makes within the connect timeout.
     *
     * @throws IOException naming the node and why there is no link to it
     */
    Tunnel to(ClusterView.Node node) throws IOException {
        Deadline deadline = Deadline.after(connectTimeout);
        Optional<Link> now = current(node);
        if (now.isPresent()) {
            return now.get().tunnel();
        }
        if (closed) {
            throw new WireException(CloseCode.SHUTDOWN, "node " + nodeId + " is leaving the cluster");
        }
        if (dials(nodeId, node.id())) {
            try {
                return dial(node).get(deadline.left().toMillis() + 1000, TimeUnit.MILLISECONDS).tunnel();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io
                        : new IOException("node " + node.id() + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new WireException(CloseCode.TIMEOUT, "node " + node.id() + " at " + node.peer()
                        + ": no link within " + connectTimeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while dialing node " + node.id(), e);
            }
        }
        synchronized (changed) {
            while ((now = current(node)).isEmpty() && !closed) {
                long left = deadline.left().toMillis();
                if (left <= 0) {
                    throw new WireException(CloseCode.TIMEOUT, "node " + node.id() + " has not linked to node "
                            + nodeId + " within " + connectTimeout.toMillis() + " ms (the node whose id sorts first"
                            + " dials)");
                }
                try {
                    changed.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for node " + node.id(), e);
                }
            }
        }
        return now.orElseThrow(() -> new WireException(CloseCode.SHUTDOWN, "node " + nodeId + " is leaving the"
                + " cluster")).tunnel();
    }

    /** The open link to {@code node} made while its record was the one it is now; a stale one is closed. */
    private Optional<Link> current(ClusterView.Node node) {
        Link link = links.get(node.id());
        if (link == null || !link.tunnel().isOpen()) {
            return Optional.empty();
        }
        if (!link.fingerprint().equals(node.fingerprint())) {
            link.tunnel().close(CloseCode.NORMAL, "node " + node.id() + " has a new record");
            return Optional.empty();
        }
        return Optional.of(link);
    }

    /**
     * Dials every node this node dials and has no link to (a new node's record, a link that ended), each after its
     * backoff; called by the node's reconcile loop.
     */
    void maintain() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        for (ClusterView.Node node : view.nodes()) {
            if (!dials(nodeId, node.id()) || current(node).isPresent() || dials.containsKey(node.id())) {
                continue;
            }
            Retry retry = retries.get(node.id());
            if (retry == null || now - retry.notBeforeNanos() >= 0) {
                dial(node);
            }
        }
    }

    /** Starts dialing {@code node} unless a dial is under way; the future completes with the registered link. */
    private CompletableFuture<Link> dial(ClusterView.Node node) {
        return dials.computeIfAbsent(node.id(), id -> {
            CompletableFuture<Link> f = new CompletableFuture<>();
            Threads.start("ioswitch-cluster-dial " + id, () -> {
                try {
                    Link link = connect(node);
                    retries.remove(id);
                    f.complete(link);
                } catch (IOException | RuntimeException e) {
                    Retry before = retries.get(id);
                    Backoff backoff = before == null ? new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                            : before.backoff();
                    retries.put(id, new Retry(backoff, System.nanoTime() + backoff.next().toNanos()));
                    if (before == null) {
                        Logger.info("cluster node {}: cannot link to node {} at {}: {}", nodeId, id, node.peer(),
                                e.getMessage());
                    } else {
                        Logger.debug("cluster node {}: cannot link to node {}: {}", nodeId, id, e.getMessage());
                    }
                    f.completeExceptionally(e);
                } finally {
                    dials.remove(id, f);
                }
            });
            return f;
        });
    }

    /** TCP, TLS, the registry check and the preamble, within one deadline; then the link runs. */
    private Link connect(ClusterView.Node node) throws IOException {
        Deadline deadline = Deadline.after(connectTimeout);
        TlsConnection conn = tls.connect(node.peer().host(), node.peer().port(), deadline.left());
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
            PeerPreamble.read(conn.socket(), "node " + node.id() + " at " + node.peer(), deadline);
            Tunnel tunnel = Tunnel.nodeLink("link " + nodeId + "=" + node.id(), conn.socket().getInputStream(),
                    conn.socket().getOutputStream(), conn, tunnelOptions, tunnelOptions.maxFrameSize(), handler, true);
            Link link = new Link(node.id(), fingerprint, true, tunnel);
            tunnel.start();
            register(link);
            Logger.info("cluster node {}: link to node {} at {} ({})", nodeId, node.id(), node.peer(),
                    conn.facts().describe());
            return link;
        } catch (IOException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    /**
     * A link the other node dialed, after TLS, the node marker and its preamble: checked against the rule and the
     * registry, answered with this node's preamble and run.
     *
     * @throws WireException naming the rule or record the dialer broke; the caller closes the connection
     */
    void accepted(TlsConnection conn, String other, String peer) throws IOException {
        if (!dials(other, nodeId)) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "node " + other + " dialed node " + nodeId
                    + ", but the node whose id sorts first dials (" + nodeId + " dials " + other + ")");
        }
        String fingerprint = NodeCertificates.fingerprint(conn.facts().peerChain().get(0));
        Optional<ClusterView.Node> record = view.node(other);
        if (record.isEmpty() || !record.get().fingerprint().equals(fingerprint)) {
            record = view.refreshNode(other); // its record may be newer than this node's copy
        }
        if (record.isEmpty()) {
            throw new WireException(CloseCode.AUTH_FAILED, "node " + other + " has no record in the registry");
        }
        if (!record.get().fingerprint().equals(fingerprint)) {
            throw new WireException(CloseCode.AUTH_FAILED, "node " + other + " presented a certificate with SHA-256 "
                    + fingerprint + "; its record in the registry says " + record.get().fingerprint());
        }
        if (closed) {
            throw new WireException(CloseCode.SHUTDOWN, "node " + nodeId + " is leaving the cluster");
        }
        PeerPreamble.write(conn.socket().getOutputStream());
        Tunnel tunnel = Tunnel.nodeLink("link " + nodeId + "=" + other + " " + peer, conn.socket().getInputStream(),
                conn.socket().getOutputStream(), conn, tunnelOptions, tunnelOptions.maxFrameSize(), handler, false);
        tunnel.start();
        register(new Link(other, fingerprint, false, tunnel));
        Logger.info("cluster node {}: link from node {} accepted ({})", nodeId, other, conn.facts().describe());
    }

    private void register(Link link) {
        Link before = links.put(link.node(), link);
        if (before != null && before.tunnel() != link.tunnel() && before.tunnel().isOpen()) {
            before.tunnel().close(CloseCode.NORMAL, "replaced by a newer link with node " + link.node());
        }
        link.tunnel().ended().thenRun(() -> {
            links.remove(link.node(), link);
            changed();
        });
        if (closed) {
            link.tunnel().close(CloseCode.SHUTDOWN, "node " + nodeId + " leaving the cluster");
        }
        changed();
    }

    private void changed() {
        synchronized (changed) {
            changed.notifyAll();
        }
        listeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        closed = true;
        List<Link> all = new ArrayList<>(links.values());
        all.forEach(l -> l.tunnel().close(CloseCode.SHUTDOWN, "node " + nodeId + " leaving the cluster"));
        links.clear();
        changed();
    }
}
