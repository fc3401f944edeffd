package org.ioswitch.switchbox.cluster;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ioswitch.certs.ca.Usage;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.route.Forwarder;
import org.ioswitch.switchbox.route.NetworkOwners;
import org.ioswitch.switchbox.route.RelayTap;
import org.ioswitch.switchbox.route.TunnelRegistry;
import org.tinylog.Logger;

/**
 * One switchbox's membership in a cluster: its etcd client, lease and node record, the watched copy of the claims,
 * the registry and forwarder the router uses, and the peer port. {@link #leave()} revokes the lease first, so other
 * nodes may take this node's networks at once (a clean stop re-homes in well under the TTL).
 */
public final class ClusterNode implements AutoCloseable {
    /** Streams one node link carries at most. */
    static final int LINK_MAX_STREAMS = 65_536;
    private final ClusterOptions options;
    private final Etcd etcd;
    private final TlsServerContext peerServerTls;
    private final TlsClientContext peerClientTls;
    private final PeerListener listener;
    private final NodeLinks links;
    private final ClusterView view;
    private final NodeLease lease;
    private final EtcdTunnelRegistry registry;
    private final ClusterForwarder forwarder;
    private final EtcdNetworkOwners owners;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean stopping;
    private volatile boolean left;

    private ClusterNode(ClusterOptions options, SwitchboxOptions switchbox, RelayTap tap)
            throws IOException, TlsSetupException {
        this.options = options;
        peerServerTls = TlsServerContext.open(options.peerTls());
        List<X509Certificate> own = peerServerTls.ownChain();
        String fingerprint = NodeCertificates.fingerprint(own.get(0));
        checkOwnCertificate(own.get(0));
        peerClientTls = TlsClientContext.open(options.peerTls());
        etcd = Etcd.open(options);
        // a node link carries the forwarded streams of every network the other node holds, not of one home server
        TunnelOptions tunnelOptions = switchbox.tunnel().toBuilder()
                .maxStreams(Math.max(LINK_MAX_STREAMS, switchbox.tunnel().maxStreams())).build();
        view = new ClusterView(etcd, options.prefix());
        // the links need the handler, the handler the registry, the registry the lease, the lease the port: bind
        // first, serve last
        NodeLinks[] accept = new NodeLinks[1];
        listener = new PeerListener(options, peerServerTls, switchbox.helloTimeout(),
                (conn, other, peer) -> accept[0].accepted(conn, other, peer));
        HostPort advertise = options.peerAdvertise().orElse(new HostPort(options.peerBind(), listener.port()));
        lease = new NodeLease(etcd, options, view.nodeKey(options.nodeId()), ClusterView.nodeValue(advertise,
                fingerprint), this::leaseReplaced);
        registry = new EtcdTunnelRegistry(etcd, view, options.nodeId(), lease);
        ForwardedOpens handler = new ForwardedOpens(registry, switchbox, tap, options.nodeId());
        links = new NodeLinks(options.nodeId(), view, peerClientTls, tunnelOptions, options.etcdTimeout(), handler);
        accept[0] = links;
        owners = new EtcdNetworkOwners(etcd, view, options.nodeId(), switchbox.ownerGrace());
        forwarder = new ClusterForwarder(options.nodeId(), view, links, options.etcdTimeout(),
                options.leaseTtl().multipliedBy(2));
    }

    /**
     * Joins the cluster: grants the lease, writes the node record, loads and watches the claims, opens the peer port.
     *
     * @throws TlsSetupException naming the peer or etcd TLS setting that is wrong, or a node certificate without the
     *         switchbox node marker
     * @throws IOException when the peer port cannot be bound or etcd does not answer (REGISTRY_UNAVAILABLE)
     */
    public static ClusterNode join(ClusterOptions options, SwitchboxOptions switchbox, RelayTap tap)
            throws IOException, TlsSetupException {
        ClusterNode node = new ClusterNode(options, switchbox, tap);
        try {
            node.lease.start();
            node.owners.start();
            node.view.start();
            // the watch calls back on etcd's event loop, which must never wait for etcd: only wake the reconciler
            node.view.onClaimChange(n -> node.wake.release());
            node.view.onNodeChange(node.wake::release);
        } catch (WireException e) {
            node.close();
            throw e;
        }
        node.listener.start();
        Threads.start("ioswitch-cluster-reconcile " + options.nodeId(), node::reconcileLoop);
        Logger.info("cluster node {} joined: peer port {}, etcd {}", options.nodeId(), node.listener.port(),
                options.etcdEndpoints());
        return node;
    }

    private static void checkOwnCertificate(X509Certificate leaf) throws TlsSetupException {
        if (!NodeCertificates.hasMarker(leaf)) {
            throw new TlsSetupException("cluster.peer.tls: " + leaf.getSubjectX500Principal().getName()
                    + " is not a switchbox node certificate (no SAN URI " + Usage.SWITCHBOX_NODE_URI
                    + "); issue one with 'ioswitch certs node NODE_ID'");
        }
    }

    /** The registry the router claims networks in. */
    public TunnelRegistry registry() {
        return registry;
    }

    /** The publisher bindings, in etcd: a second publisher identity is refused on every node. */
    public NetworkOwners owners() {
        return owners;
    }

    /** Carries clients of networks held on other nodes. */
    public Forwarder forwarder() {
        return forwarder;
    }

    /** The node that holds {@code network} in this node's watched copy of the registry (no etcd request). */
    public Optional<String> owner(String network) {
        return view.claim(network).map(ClusterView.Claim::node);
    }

    /** Claims in this node's watched copy of the registry. */
    public int knownClaims() {
        return view.claimCount();
    }

    /**
     * The open node links, by the other node's id: one per pair of nodes, dialed by the node whose id sorts first,
     * carrying forwarded clients both ways.
     */
    public Map<String, Tunnel> links() {
        Map<String, Tunnel> out = new TreeMap<>();
        links.open().forEach((id, l) -> out.put(id, l.tunnel()));
        return out;
    }

    /** True when this node dialed its link with {@code node} (the rule: the node whose id sorts first dials). */
    public boolean dials(String node) {
        return NodeLinks.dials(options.nodeId(), node);
    }

    /** Calls {@code listener} whenever a node link opens or ends, until the returned handle is closed. */
    public AutoCloseable onLinkChange(Runnable listener) {
        return links.onChange(listener);
    }

    /**
     * Calls {@code listener} with a network's name whenever its claim changes in this node's watched copy (on etcd's
     * event loop: it must not wait), until the returned handle is closed.
     */
    public AutoCloseable onClaimChange(Consumer<String> listener) {
        return view.onClaimChange(listener);
    }

    /** The bound peer port. */
    public int peerPort() {
        return listener.port();
    }

    /** This node's id. */
    public String nodeId() {
        return options.nodeId();
    }

    private void leaseReplaced() {
        wake.release();
    }

    /**
     * Reconciles the claims and dials missing node links on every claim or node record change and at least twice a
     * second, on its own thread.
     */
    private void reconcileLoop() {
        try {
            while (!stopping) {
                wake.tryAcquire(500, TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (!stopping) {
                    registry.reconcile();
                    links.maintain();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Revokes the lease (every claim of this node ends now) and stops forwarding. The caller then closes its tunnels,
     * whose publishers reconnect to another node. Idempotent.
     */
    public void leave() {
        if (left) {
            return;
        }
        left = true;
        stopping = true;
        wake.release();
        lease.close();
        owners.leave();
        listener.close();
        links.close();
    }

    /** Leaves and closes the etcd client. */
    @Override
    public void close() {
        leave();
        view.close();
        etcd.close();
        peerServerTls.close();
        peerClientTls.close();
    }
}
