package org.ioswitch.switchbox.route;

import java.time.Duration;
import org.ioswitch.common.wire.WireException;

/**
 * Binds each network to the identity of the publisher that last held it: while that publisher's tunnel is open, or
 * for a grace period after it ended (a restart, a lost uplink), another identity on the same account cannot claim the
 * network, so a second home server holding the account cannot take the service over while the owner reconnects. A
 * publisher's identity is its account plus, for a certificate login, the SHA-256 fingerprint of its certificate; all
 * holders of an account's password are one identity, which is why publishers log in with certificates by default.
 *
 * <p>An admin moves a network on purpose by stopping the old home server and starting the new one after the grace.
 * Kept apart from the {@link TunnelRegistry}: the registry says who holds a network now, this who may take it next.
 * A single switchbox keeps the bindings in memory ({@link InMemoryNetworkOwners}); a cluster keeps them in etcd, so
 * the rule holds on every node and across a node's restart.
 */
public interface NetworkOwners {
    /** Default grace after the owner's tunnel ended: 5 minutes, longer than a home server's restart. */
    Duration DEFAULT_GRACE = Duration.ofMinutes(5);

    /**
     * Why {@code identity} may not claim {@code network} now, or null if it may (no owner, the same owner, or the
     * owner's grace has passed).
     *
     * @throws WireException REGISTRY_UNAVAILABLE when shared bindings cannot be read
     */
    String refusal(String network, String identity) throws WireException;

    /**
     * {@code identity} now holds {@code network}.
     *
     * @throws WireException REGISTRY_UNAVAILABLE when a shared binding cannot be written (the publish is refused)
     */
    void bound(String network, String identity) throws WireException;

    /** The tunnel of {@code identity} that held {@code network} ended now: its grace starts. */
    void ended(String network, String identity);
}
