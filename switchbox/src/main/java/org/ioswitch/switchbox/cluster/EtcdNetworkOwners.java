package org.ioswitch.switchbox.cluster;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.switchbox.route.NetworkOwners;
import org.tinylog.Logger;

/**
 * The {@link NetworkOwners} of a cluster, in etcd beside the claims, so the rule holds on every node and across a
 * node's restart:
 * <pre>
 *   PREFIX/owners/NETWORK   {"identity": "account lab (certificate sha256:…)", "node": "sb1", "open": true}
 * </pre>
 * While the publisher's tunnel is open the key is bound to its node's <b>binding lease</b> (TTL = ownerGrace, renewed
 * by this class): when that node dies or hangs, the binding outlives it by the grace, as on one switchbox it outlives
 * the tunnel. When the tunnel ends, the key is rewritten {@code "open": false} on a lease of its own with TTL =
 * ownerGrace that nobody renews: the grace runs from the tunnel's end. Before a claim, any node reads the key (a
 * linearizable read): another identity is refused wherever it publishes. With ownerGrace 0 nothing is written (the
 * claim alone refuses a second publisher while the tunnel is open).
 */
final class EtcdNetworkOwners implements NetworkOwners {
    private record Binding(String identity, String node, boolean open) {}

    private static final Gson GSON = new Gson();

    private final Etcd etcd;
    private final ClusterView view;
    private final String nodeId;
    private final Duration grace;
    private final long graceSeconds;
    /** The open bindings this node wrote: network -> identity (written again on a new lease if the lease was lost). */
    private final Map<String, String> open = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long lease;
    private volatile boolean leaving;

    EtcdNetworkOwners(Etcd etcd, ClusterView view, String nodeId, Duration grace) {
        this.etcd = etcd;
        this.view = view;
        this.nodeId = nodeId;
        this.grace = grace;
        this.graceSeconds = Math.max(1, (grace.toMillis() + 999) / 1000);
    }

    /** Grants the binding lease and starts renewing it (nothing with ownerGrace 0). */
    void start() throws WireException {
        if (grace.isZero()) {
            return;
        }
        lease = grant();
        Threads.start("ioswitch-cluster-bindings " + nodeId, this::keepAlive);
    }

    private long grant() throws WireException {
        return etcd.await(etcd.client().getLeaseClient().grant(graceSeconds), "binding lease grant").getID();
    }

    private String key(String network) {
        return view.ownersPrefix() + network;
    }

    private static String value(String identity, String node, boolean open) {
        return GSON.toJson(new Binding(identity, node, open));
    }

    @Override
    public String refusal(String network, String identity) throws WireException {
        if (grace.isZero()) {
            return null;
        }
        GetResponse r = etcd.await(etcd.client().getKVClient().get(Etcd.bytes(key(network))),
                "binding read of " + network);
        if (r.getKvs().isEmpty()) {
            return null;
        }
        KeyValue kv = r.getKvs().get(0);
        Binding b;
        try {
            b = GSON.fromJson(Etcd.text(kv.getValue()), Binding.class);
        } catch (JsonParseException e) {
            b = null;
        }
        if (b == null || b.identity() == null) {
            Logger.warn("cluster key {}: not a publisher binding; ignored", key(network));
            return null;
        }
        if (b.identity().equals(identity)) {
            return null;
        }
        String bound = "network " + network + " is bound to publisher " + b.identity();
        String after = " (ownerGrace " + graceSeconds + " s); another publisher may take it over after that";
        if (b.open() && view.node(b.node()).isPresent()) {
            return bound + ", whose tunnel is open (on node " + b.node() + ")";
        }
        long left = secondsLeft(kv.getLease());
        if (b.open()) {
            return bound + ", whose tunnel ended with node " + b.node() + ": for another " + left + " s at most"
                    + after;
        }
        return bound + " for another " + left + " s after its tunnel ended" + after;
    }

    private long secondsLeft(long leaseId) {
        try {
            return Math.max(1, etcd.await(etcd.client().getLeaseClient().timeToLive(leaseId, LeaseOption.DEFAULT),
                    "binding lease time to live").getTTL());
        } catch (WireException e) {
            return graceSeconds;
        }
    }

    @Override
    public void bound(String network, String identity) throws WireException {
        if (grace.isZero()) {
            return;
        }
        etcd.await(etcd.client().getKVClient().put(Etcd.bytes(key(network)),
                Etcd.bytes(value(identity, nodeId, true)), PutOption.builder().withLeaseId(lease).build()),
                "binding of " + network);
        open.put(network, identity);
    }

    @Override
    public void ended(String network, String identity) {
        if (!open.remove(network, identity) || leaving) {
            return; // a node leaving stops renewing its binding lease: its bindings end ownerGrace later anyway
        }
        try {
            long own = grant();
            String key = key(network);
            TxnResponse r = etcd.await(etcd.client().getKVClient().txn()
                    .If(new Cmp(Etcd.bytes(key), Cmp.Op.EQUAL, CmpTarget.value(
                            Etcd.bytes(value(identity, nodeId, true)))))
                    .Then(Op.put(Etcd.bytes(key), Etcd.bytes(value(identity, nodeId, false)),
                            PutOption.builder().withLeaseId(own).build()))
                    .commit(), "binding end of " + network);
            if (!r.isSucceeded()) {
                etcd.client().getLeaseClient().revoke(own); // another node bound it since: nothing to end here
            }
        } catch (WireException e) {
            Logger.info("cluster: the binding of {} to {} stays on node {}'s binding lease (it ends ownerGrace after"
                    + " this node stops): {}", network, identity, nodeId, e.getMessage());
        }
    }

    /** Renews the binding lease every third of ownerGrace; a lost lease is granted anew and the open bindings moved. */
    private void keepAlive() {
        long every = Math.max(500, grace.toMillis() / 3);
        try {
            while (!stopped.await(every, TimeUnit.MILLISECONDS)) {
                try {
                    if (etcd.await(etcd.client().getLeaseClient().keepAliveOnce(lease), "binding lease keepalive")
                            .getTTL() > 0) {
                        continue;
                    }
                } catch (WireException e) {
                    String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
                    if (!text.contains("not found") && !text.contains("expired")) {
                        Logger.debug("cluster node {}: {}", nodeId, e.getMessage());
                        continue; // etcd did not answer: asked again next round
                    }
                }
                renewLost();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void renewLost() {
        try {
            lease = grant();
            Logger.warn("cluster node {}: its binding lease ended (cut off longer than ownerGrace {}); binding its"
                    + " {} open networks again", nodeId, grace, open.size());
            for (Map.Entry<String, String> e : open.entrySet()) {
                bound(e.getKey(), e.getValue());
            }
        } catch (WireException e) {
            Logger.debug("cluster node {}: {}", nodeId, e.getMessage());
        }
    }

    /** Stops renewing (without revoking: the bindings of this node's tunnels stay for ownerGrace). */
    void leave() {
        leaving = true;
        stopped.countDown();
    }
}
