package org.ioswitch.switchbox.route;

import java.util.Optional;
import java.util.function.Consumer;
import org.ioswitch.common.tunnel.Tunnel;

/**
 * Which tunnel serves which network. In memory by default ({@link InMemoryTunnelRegistry}); a cluster keeps it in
 * etcd (a lease per claim, compare-and-put to claim) and forwards clients that reached the wrong node, without
 * changes to the routing code, which only uses these four calls.
 */
public interface TunnelRegistry {
    /**
     * Claims {@code network} for {@code tunnel}: true when it now holds it, false while another open tunnel does
     * (a second publisher does not knock out a healthy one).
     */
    boolean claim(String network, Tunnel tunnel);

    /** Releases {@code network} if {@code tunnel} holds it; otherwise does nothing. */
    void release(String network, Tunnel tunnel);

    /** The open tunnel that serves {@code network}, if any. */
    Optional<Tunnel> lookup(String network);

    /**
     * Calls {@code listener} with the network's tunnel (or empty) now and on every change until the returned handle
     * is closed.
     */
    AutoCloseable watch(String network, Consumer<Optional<Tunnel>> listener);
}
