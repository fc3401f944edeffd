package org.ioswitch.switchbox.route;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link NetworkOwners} of a single switchbox, in memory: an admin may also move a network on purpose by
 * restarting the switchbox. (A cluster keeps the bindings in etcd, where every node sees them and a node's restart
 * does not lose them.)
 */
public final class InMemoryNetworkOwners implements NetworkOwners {
    private record Owner(String identity, Instant endedAt) {
    }

    private final Duration grace;
    private final InstantSource clock;
    /** Guarded by itself. endedAt is null while the owner's tunnel is open. */
    private final Map<String, Owner> owners = new HashMap<>();

    /** Owners kept in memory with this grace, on this clock (tests move it). */
    public InMemoryNetworkOwners(Duration grace, InstantSource clock) {
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("ownerGrace must be >= 0, was " + grace);
        }
        this.grace = grace;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String refusal(String network, String identity) {
        synchronized (owners) {
            Owner o = owners.get(network);
            if (o == null || o.identity().equals(identity)) {
                return null;
            }
            if (o.endedAt() == null) {
                return "network " + network + " is bound to publisher " + o.identity() + ", whose tunnel is open";
            }
            Duration left = Duration.between(clock.instant(), o.endedAt().plus(grace));
            if (left.isNegative() || left.isZero()) {
                return null;
            }
            return "network " + network + " is bound to publisher " + o.identity() + " for another "
                    + Math.max(1, left.toSeconds()) + " s after its tunnel ended (ownerGrace " + grace.toSeconds()
                    + " s); another publisher may take it over after that";
        }
    }

    @Override
    public void bound(String network, String identity) {
        synchronized (owners) {
            owners.put(network, new Owner(identity, null));
        }
    }

    @Override
    public void ended(String network, String identity) {
        synchronized (owners) {
            owners.computeIfPresent(network, (n, o) -> o.identity().equals(identity)
                    ? new Owner(identity, clock.instant()) : o);
        }
    }
}
