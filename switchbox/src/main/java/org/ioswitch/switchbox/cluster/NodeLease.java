package org.ioswitch.switchbox.cluster;

import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.wire.WireException;
import org.tinylog.Logger;

/**
 * The one lease a node holds in etcd, kept alive by its own thread every fifth of the TTL, and the node record bound
 * to it. Every claim of the node is bound to this lease, so a node that stops renewing (killed, hung, cut off) loses
 * all its claims when the TTL runs out, and a clean stop revokes it at once.
 * <pre>
 *   GRANTED --keepalive answered "no such lease"--&gt; LOST --grant, node record--&gt; GRANTED (a new id)
 *   GRANTED --etcd silent--&gt; still GRANTED: without a quorum nobody can take the claims (etcd renews leases on a
 *                          new leader); the node keeps serving and only knows once etcd answers again
 * </pre>
 */
final class NodeLease implements AutoCloseable {
    private final Etcd etcd;
    private final ClusterOptions options;
    private final String nodeRecordKey;
    private final String nodeRecord;
    private final Runnable onLost;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long id;

    /**
     * @param onLost called on the keepalive thread after a lost lease was replaced by a new one
     */
    NodeLease(Etcd etcd, ClusterOptions options, String nodeRecordKey, String nodeRecord, Runnable onLost) {
        this.etcd = etcd;
        this.options = options;
        this.nodeRecordKey = nodeRecordKey;
        this.nodeRecord = nodeRecord;
        this.onLost = onLost;
    }

    /** Grants the lease, writes the node record and starts renewing. */
    void start() throws WireException {
        grant();
        Threads.start("ioswitch-cluster-lease " + options.nodeId(), this::keepAlive);
    }

    /** The current lease id. */
    long id() {
        return id;
    }

    private void grant() throws WireException {
        long ttl = options.leaseTtl().toSeconds();
        long granted = etcd.await(etcd.client().getLeaseClient().grant(ttl), "lease grant").getID();
        etcd.await(etcd.client().getKVClient().put(Etcd.bytes(nodeRecordKey), Etcd.bytes(nodeRecord),
                PutOption.builder().withLeaseId(granted).build()), "node record put");
        id = granted;
        Logger.info("cluster node {}: lease {} granted (TTL {} s)", options.nodeId(), Long.toHexString(granted), ttl);
    }

    private void keepAlive() {
        long every = Math.max(200, options.leaseTtl().toMillis() / 5);
        boolean lost = false;
        try {
            while (!stopped.await(every, TimeUnit.MILLISECONDS)) {
                try {
                    if (lost) {
                        grant();
                        lost = false;
                        onLost.run();
                        continue;
                    }
                    LeaseKeepAliveResponse r = etcd.await(etcd.client().getLeaseClient().keepAliveOnce(id),
                            "lease keepalive");
                    if (r.getTTL() <= 0) {
                        lost = true;
                    }
                } catch (WireException e) {
                    lost = lost || leaseGone(e);
                    if (!lost) {
                        Logger.debug("cluster node {}: {}", options.nodeId(), e.getMessage());
                    }
                }
                if (lost) {
                    Logger.warn("cluster node {}: lease {} ended (the node was cut off longer than its TTL {});"
                            + " its networks are free for other nodes", options.nodeId(), Long.toHexString(id),
                            options.leaseTtl());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** etcd answered, and the answer is that the lease does not exist any more (not: etcd did not answer). */
    private boolean leaseGone(WireException e) {
        String text = e.getMessage() == null ? "" : e.getMessage().toLowerCase();
        if (text.contains("not found") || text.contains("expired")) {
            try {
                return etcd.await(etcd.client().getLeaseClient().timeToLive(id, LeaseOption.DEFAULT),
                        "lease time to live").getTTL() <= 0;
            } catch (WireException again) {
                return false;
            }
        }
        return false;
    }

    /** The remaining time to live of any lease, or zero when it is gone. */
    Duration remaining(long lease) throws WireException {
        long ttl = etcd.await(etcd.client().getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT),
                "lease time to live").getTTL();
        return Duration.ofSeconds(Math.max(0, ttl));
    }

    /** Stops renewing and revokes the lease, so every claim of this node ends at once. */
    @Override
    public void close() {
        stopped.countDown();
        if (id == 0) {
            return; // never granted: nothing to revoke (etcd ids are never 0)
        }
        try {
            etcd.await(etcd.client().getLeaseClient().revoke(id), "lease revoke");
            Logger.info("cluster node {}: lease {} revoked", options.nodeId(), Long.toHexString(id));
        } catch (WireException e) {
            Logger.warn("cluster node {}: {}; its claims end with the TTL {}", options.nodeId(), e.getMessage(),
                    options.leaseTtl());
        }
    }
}
