package org.ioswitch.switchbox.cluster;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.switchbox.route.TunnelRegistry;
import org.ioswitch.switchbox.route.TunnelWatchers;
import org.tinylog.Logger;

/**
 * The registry of one cluster node: claims live in etcd, bound to the node's lease; the tunnels stay here. A claim is
 * an atomic create-if-absent (a transaction comparing the key's version with 0), a release deletes the key only if it
 * is still the one this claim created (compare on its create revision), and lookups read the local tunnels only.
 * <p>
 * {@link #reconcile()} closes a local tunnel whose claim is no longer this node's (the lease ended while the node
 * hung: another node may hold the network now) and deletes this node's claims that have no local tunnel (a release
 * that could not reach etcd). It judges only what the watch has caught up with, so a claim just made is never taken
 * for lost.
 */
public final class EtcdTunnelRegistry implements TunnelRegistry {
    private record Local(Tunnel tunnel, long createRevision) {}

    private final Etcd etcd;
    private final ClusterView view;
    private final String nodeId;
    private final NodeLease lease;
    private final Map<String, Local> local = new ConcurrentHashMap<>();
    private final Set<String> claiming = ConcurrentHashMap.newKeySet();
    private final Object[] stripes = new Object[64];
    private final TunnelWatchers watchers = new TunnelWatchers();

    EtcdTunnelRegistry(Etcd etcd, ClusterView view, String nodeId, NodeLease lease) {
        this.etcd = etcd;
        this.view = view;
        this.nodeId = nodeId;
        this.lease = lease;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public boolean claim(String network, Tunnel tunnel) throws WireException {
        // one claim of a network at a time on this node; claims of different networks go to etcd side by side
        synchronized (stripes[Math.floorMod(network.hashCode(), stripes.length)]) {
            return claimLocked(network, tunnel);
        }
    }

    private boolean claimLocked(String network, Tunnel tunnel) throws WireException {
        Local mine = local.get(network);
        if (mine != null && mine.tunnel() != tunnel && mine.tunnel().isOpen()) {
            return false;
        }
        String key = view.networkKey(network);
        String value = ClusterView.claimValue(nodeId, tunnel.name());
        claiming.add(network);
        try {
            TxnResponse r = etcd.await(etcd.client().getKVClient().txn()
                    .If(new Cmp(Etcd.bytes(key), Cmp.Op.EQUAL, CmpTarget.version(0)))
                    .Then(Op.put(Etcd.bytes(key), Etcd.bytes(value), PutOption.builder().withLeaseId(lease.id()).build()))
                    .Else(Op.get(Etcd.bytes(key), GetOption.DEFAULT))
                    .commit(), "claim of " + network);
            if (r.isSucceeded()) {
                // a key created by this put has the put's revision as its create revision
                local.put(network, new Local(tunnel, r.getHeader().getRevision()));
                notify(network);
                return true;
            }
            List<KeyValue> held = r.getGetResponses().isEmpty() ? List.of() : r.getGetResponses().get(0).getKvs();
            if (held.isEmpty()) {
                return false; // deleted in between: the publisher retries
            }
            KeyValue kv = held.get(0);
            ClusterView.Claim holder = ClusterView.claimOf(kv);
            if (holder == null) {
                throw new WireException(CloseCode.REGISTRY_UNAVAILABLE, "registry: the claim key of " + network
                        + " holds no claim");
            }
            if (nodeId.equals(holder.node()) && (mine == null || !mine.tunnel().isOpen() || mine.tunnel() == tunnel)) {
                return takeOver(network, key, value, holder, tunnel);
            }
            throw refusal(network, holder);
        } finally {
            claiming.remove(network);
        }
    }

    /** This node's own claim whose tunnel has ended: the new tunnel takes it, as on a single switchbox. */
    private boolean takeOver(String network, String key, String value, ClusterView.Claim holder, Tunnel tunnel)
            throws WireException {
        TxnResponse r = etcd.await(etcd.client().getKVClient().txn()
                .If(new Cmp(Etcd.bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(holder.createRevision())))
                .Then(Op.put(Etcd.bytes(key), Etcd.bytes(value), PutOption.builder().withLeaseId(lease.id()).build()))
                .commit(), "claim of " + network);
        if (r.isSucceeded()) {
            local.put(network, new Local(tunnel, holder.createRevision()));
            notify(network);
        }
        return r.isSucceeded();
    }

    /**
     * A network held on another node: refused like a second publisher on one switchbox, but with the time after which
     * the holder's claim ends unless its node renews it, so a publisher re-homing from a dead node retries then.
     */
    private WireException refusal(String network, ClusterView.Claim holder) {
        long left;
        try {
            left = lease.remaining(holder.lease()).toSeconds();
        } catch (WireException e) {
            left = view.claim(network).isPresent() ? 1 : 0;
        }
        return new WireException(CloseCode.MOVING, "network " + network + " already has a live tunnel on node "
                + holder.node() + "; retry in " + Math.max(1, left) + " s");
    }

    @Override
    public void release(String network, Tunnel tunnel) {
        Local mine = local.get(network);
        if (mine == null || mine.tunnel() != tunnel || !local.remove(network, mine)) {
            return;
        }
        notify(network);
        try {
            delete(network, mine.createRevision());
        } catch (WireException e) {
            // reconcile() deletes it once etcd answers; until then the lease keeps it
            Logger.info("cluster: release of {} deferred: {}", network, e.getMessage());
        }
    }

    private void delete(String network, long createRevision) throws WireException {
        String key = view.networkKey(network);
        etcd.await(etcd.client().getKVClient().txn()
                .If(new Cmp(Etcd.bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(createRevision)))
                .Then(Op.delete(Etcd.bytes(key), DeleteOption.DEFAULT))
                .commit(), "release of " + network);
    }

    @Override
    public Optional<Tunnel> lookup(String network) {
        Local mine = local.get(network);
        return mine == null ? Optional.empty() : Optional.of(mine.tunnel()).filter(Tunnel::isOpen);
    }

    /**
     * True when this node holds {@code network} with an open tunnel and etcd agrees (a linearizable read). When etcd
     * does not answer, the watched copy decides: without a quorum nobody else can claim it.
     */
    boolean holds(String network) {
        Local mine = local.get(network);
        if (mine == null || !mine.tunnel().isOpen()) {
            return false;
        }
        Optional<ClusterView.Claim> claim;
        try {
            claim = view.refresh(network);
        } catch (WireException e) {
            claim = view.claim(network);
        }
        return claim.filter(c -> c.node().equals(nodeId) && c.createRevision() == mine.createRevision()).isPresent();
    }

    @Override
    public AutoCloseable watch(String network, Consumer<Optional<Tunnel>> listener) {
        return watchers.add(network, listener, lookup(network));
    }

    private void notify(String network) {
        watchers.notify(network, lookup(network));
    }

    /** Closes tunnels whose claim this node lost and deletes claims of this node without a tunnel; see the class. */
    void reconcile() {
        long seen = view.revision();
        for (Map.Entry<String, Local> e : local.entrySet()) {
            String network = e.getKey();
            Local mine = e.getValue();
            if (mine.createRevision() > seen) {
                continue; // the watch has not caught up with this claim yet
            }
            Optional<ClusterView.Claim> claim = view.claim(network);
            boolean ours = claim.filter(c -> c.node().equals(nodeId) && c.createRevision() == mine.createRevision())
                    .isPresent();
            if (!ours && local.remove(network, mine)) {
                String where = claim.map(c -> "node " + c.node()).orElse("no node yet");
                Logger.warn("cluster: this node lost its claim of {} (now: {}); closing its tunnel {}", network, where,
                        mine.tunnel().name());
                mine.tunnel().close(CloseCode.MOVING, "network " + network + " is no longer held by node " + nodeId
                        + " (its lease ended); retry in 1 s");
                notify(network);
            }
        }
        for (Map.Entry<String, ClusterView.Claim> e : view.claims().entrySet()) {
            String network = e.getKey();
            ClusterView.Claim c = e.getValue();
            Local mine = local.get(network);
            boolean orphan = c.node().equals(nodeId) && !claiming.contains(network)
                    && (mine == null || mine.createRevision() != c.createRevision() || !mine.tunnel().isOpen());
            if (orphan) {
                try {
                    delete(network, c.createRevision());
                    Logger.info("cluster: deleted claim of {} left without a tunnel on node {}", network, nodeId);
                } catch (WireException ex) {
                    Logger.debug("cluster: {}", ex.getMessage());
                }
            }
        }
    }

    /** Networks with a local tunnel. */
    Set<String> localNetworks() {
        return Set.copyOf(local.keySet());
    }

    /** How long a client should wait for a network that is changing node. */
    Duration moveTime() {
        return Duration.ofSeconds(1);
    }
}
