package org.ioswitch.switchbox.route;

import java.util.Optional;
import java.util.function.Consumer;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.wire.WireException;

/**
 * Which tunnel serves which network. In memory by default ({@link InMemoryTunnelRegistry}); a cluster keeps the claims
 * in etcd (one lease per node, create-if-absent claims) and a {@link Forwarder} carries clients that reached the wrong
 * node; the routing code uses only these four calls and the forwarder.
 */
public interface TunnelRegistry {
    /**
     * Claims {@code network} for {@code tunnel}: true when it now holds it, false while another open tunnel does
     * (a second publisher does not knock out a healthy one), on this node or any other of a cluster.
     *
     * @throws WireException REGISTRY_UNAVAILABLE when a shared registry cannot be asked
     */
    boolean claim(String network, Tunnel tunnel) throws WireException;

    /** Releases {@code network} if {@code tunnel} holds it; otherwise does nothing. */
    void release(String network, Tunnel tunnel);

    /** The open tunnel on this node that serves {@code network}, if any. */
    Optional<Tunnel> lookup(String network);

    /**
     * Calls {@code listener} with the network's tunnel (or empty) now and on every change until the returned handle
     * is closed.
     */
    AutoCloseable watch(String network, Consumer<Optional<Tunnel>> listener);
}
