package org.ioswitch.switchbox.cluster;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ioswitch.common.link.Backoff;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.wire.WireException;
import org.tinylog.Logger;

/**
 * This node's copy of the cluster's keys, kept by one prefix watch: who claims which network and where each node's
 * peer port is. Lookups read only this copy, never etcd. After a watch failure (etcd compacted past our revision, or
 * the watch broke) it reloads the whole prefix and watches again from there.
 * <pre>
 *   PREFIX/nodes/ID        {"peer": "10.0.0.1:6373", "fingerprint": "sha-256 hex of the node certificate"}
 *   PREFIX/networks/NAME   {"node": "ID", "tunnel": "account@address"}
 * </pre>
 * Both kinds of key are bound to the writing node's lease.
 */
final class ClusterView implements AutoCloseable {
    /** A network's claim: the node that holds it, its lease and the revision that created the key. */
    record Claim(String node, String tunnel, long lease, long createRevision) {}

    /** A node record. */
    record Node(String id, HostPort peer, String fingerprint) {}

    private record ClaimValue(String node, String tunnel) {}

    private record NodeValue(String peer, String fingerprint) {}

    private static final Gson GSON = new Gson();

    private final Etcd etcd;
    private final String prefix;
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    /** Network -> System.nanoTime() when its claim went away; a client asking soon after hears "moving". */
    private final Map<String, Long> vanished = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> nodeListeners = new CopyOnWriteArrayList<>();
    private volatile long revision;
    private volatile Watch.Watcher watcher;
    private volatile boolean closed;

    ClusterView(Etcd etcd, String prefix) {
        this.etcd = etcd;
        this.prefix = prefix;
    }

    static String claimValue(String node, String tunnel) {
        return GSON.toJson(new ClaimValue(node, tunnel));
    }

    static String nodeValue(HostPort peer, String fingerprint) {
        return GSON.toJson(new NodeValue(peer.toString(), fingerprint));
    }

    String networkKey(String network) {
        return prefix + "networks/" + network;
    }

    /** Where the publisher bindings live ({@link EtcdNetworkOwners}). */
    String ownersPrefix() {
        return prefix + "owners/";
    }

    String nodeKey(String node) {
        return prefix + "nodes/" + node;
    }

    /** Loads the prefix and starts watching it. */
    void start() throws WireException {
        load();
    }

    /** Called with a network's name whenever its claim changes, until the returned handle is closed. */
    AutoCloseable onClaimChange(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    Optional<Claim> claim(String network) {
        return Optional.ofNullable(claims.get(network));
    }

    Map<String, Claim> claims() {
        return Map.copyOf(claims);
    }

    int claimCount() {
        return claims.size();
    }

    Optional<Node> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /** Every node record in this copy. */
    List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Called whenever a node record appears, changes or goes (on etcd's event loop: never wait there). */
    void onNodeChange(Runnable listener) {
        nodeListeners.add(listener);
    }

    /** Reads one node's record from etcd itself (a linearizable read) and updates this copy with it. */
    Optional<Node> refreshNode(String id) throws WireException {
        GetResponse r = etcd.await(etcd.client().getKVClient().get(Etcd.bytes(nodeKey(id))), "node record read");
        Node n = r.getKvs().isEmpty() ? null : nodeOf(id, r.getKvs().get(0));
        if (n != null) {
            nodes.put(id, n);
        }
        return Optional.ofNullable(n);
    }

    /** The highest etcd revision this copy has applied. */
    long revision() {
        return revision;
    }

    /** Nanoseconds since the network's claim went away, if it did and nobody claimed it since. */
    Optional<Long> vanishedAgo(String network) {
        Long at = vanished.get(network);
        return at == null ? Optional.empty() : Optional.of(System.nanoTime() - at);
    }

    /** Reads one network's claim from etcd itself (a linearizable read) and updates this copy with it. */
    Optional<Claim> refresh(String network) throws WireException {
        GetResponse r = etcd.await(etcd.client().getKVClient().get(Etcd.bytes(networkKey(network))),
                "claim read");
        Optional<Claim> now = r.getKvs().isEmpty() ? Optional.empty() : Optional.ofNullable(claimOf(r.getKvs().get(0)));
        if (now.isPresent()) {
            applyClaim(network, now.get());
        }
        return now;
    }

    private synchronized void load() throws WireException {
        GetResponse all = etcd.await(etcd.client().getKVClient().get(Etcd.bytes(prefix),
                GetOption.builder().isPrefix(true).build()), "prefix read");
        Map<String, Claim> seenClaims = new ConcurrentHashMap<>();
        nodes.clear();
        for (KeyValue kv : all.getKvs()) {
            String key = Etcd.text(kv.getKey());
            if (key.startsWith(prefix + "networks/")) {
                Claim c = claimOf(kv);
                if (c != null) {
                    seenClaims.put(key.substring((prefix + "networks/").length()), c);
                }
            } else if (key.startsWith(prefix + "nodes/")) {
                Node n = nodeOf(key.substring((prefix + "nodes/").length()), kv);
                if (n != null) {
                    nodes.put(n.id(), n);
                }
            }
        }
        for (String gone : claims.keySet()) {
            if (!seenClaims.containsKey(gone)) {
                removeClaim(gone);
            }
        }
        seenClaims.forEach(this::applyClaim);
        long rev = all.getHeader().getRevision();
        revision = Math.max(revision, rev);
        if (watcher != null) {
            watcher.close();
        }
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(rev + 1).withProgressNotify(true)
                .build();
        watcher = etcd.client().getWatchClient().watch(Etcd.bytes(prefix), option,
                Watch.listener(this::onEvents, this::onWatchError));
    }

    private void onEvents(WatchResponse response) {
        for (WatchEvent e : response.getEvents()) {
            KeyValue kv = e.getKeyValue();
            String key = Etcd.text(kv.getKey());
            boolean put = e.getEventType() == WatchEvent.EventType.PUT;
            if (key.startsWith(prefix + "networks/")) {
                String network = key.substring((prefix + "networks/").length());
                Claim c = put ? claimOf(kv) : null;
                if (c != null) {
                    applyClaim(network, c);
                } else {
                    removeClaim(network);
                }
            } else if (key.startsWith(prefix + "nodes/")) {
                String id = key.substring((prefix + "nodes/").length());
                Node n = put ? nodeOf(id, kv) : null;
                if (n != null) {
                    nodes.put(id, n);
                } else {
                    nodes.remove(id);
                }
                nodeListeners.forEach(Runnable::run);
            }
            revision = Math.max(revision, kv.getModRevision());
        }
        if (response.getHeader() != null) {
            revision = Math.max(revision, response.getHeader().getRevision());
        }
    }

    private void onWatchError(Throwable t) {
        if (closed) {
            return;
        }
        Logger.info("cluster watch of {} failed ({}); reloading", prefix, t.getMessage());
        Threads.start("ioswitch-cluster-reload", () -> {
            Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
            while (!closed) {
                try {
                    load();
                    return;
                } catch (WireException e) {
                    Logger.debug("cluster reload: {}", e.getMessage());
                }
                try {
                    Thread.sleep(backoff.next().toMillis()); // etcd refused at once: do not spin
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    private void applyClaim(String network, Claim c) {
        Claim before = claims.put(network, c);
        vanished.remove(network);
        if (!c.equals(before)) {
            listeners.forEach(l -> l.accept(network));
        }
    }

    private void removeClaim(String network) {
        if (claims.remove(network) != null) {
            vanished.put(network, System.nanoTime());
            listeners.forEach(l -> l.accept(network));
        }
    }

    /** The claim in a network key, or null (logged) when it holds none. */
    static Claim claimOf(KeyValue kv) {
        try {
            ClaimValue v = GSON.fromJson(Etcd.text(kv.getValue()), ClaimValue.class);
            if (v == null || v.node() == null) {
                throw new JsonParseException("no node");
            }
            return new Claim(v.node(), v.tunnel() == null ? "" : v.tunnel(), kv.getLease(), kv.getCreateRevision());
        } catch (JsonParseException e) {
            Logger.warn("cluster key {}: not a claim ({}); ignored", Etcd.text(kv.getKey()), e.getMessage());
            return null;
        }
    }

    private static Node nodeOf(String id, KeyValue kv) {
        try {
            NodeValue v = GSON.fromJson(Etcd.text(kv.getValue()), NodeValue.class);
            if (v == null || v.peer() == null || v.fingerprint() == null) {
                throw new JsonParseException("peer or fingerprint missing");
            }
            return new Node(id, HostPort.parse(v.peer(), ClusterOptions.DEFAULT_PEER_PORT), v.fingerprint());
        } catch (JsonParseException | IllegalArgumentException e) {
            Logger.warn("cluster key {}: not a node record ({}); ignored", Etcd.text(kv.getKey()), e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.close();
        }
    }
}
