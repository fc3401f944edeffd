package org.ioswitch.switchbox.route;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Binds each network to the identity of the publisher that last held it: while that publisher's tunnel is open, or
 * for {@code grace} after it ended (a restart, a lost uplink), another identity on the same account cannot claim the
 * network, so a second home server holding the account cannot take the service over while the owner reconnects. A
 * publisher's identity is its account plus, for a certificate login, the SHA-256 fingerprint of its certificate; all
 * holders of an account's password are one identity, which is why publishers log in with certificates by default.
 *
 * <p>An admin moves a network on purpose by stopping the old home server and starting the new one after
 * {@code grace}, or by restarting the switchbox (the binding lives in memory). Kept apart from the
 * {@link TunnelRegistry}: the registry says who holds a network now, this class who may take it next, so a cluster
 * registry can reuse the rule unchanged.
 */
public final class NetworkOwners {
    /** Default grace after the owner's tunnel ended: 5 minutes, longer than a home server's restart. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

    private record Owner(String identity, Instant endedAt) {
    }

    private final Duration grace;
    private final InstantSource clock;
    /** Guarded by itself. endedAt is null while the owner's tunnel is open. */
    private final Map<String, Owner> owners = new HashMap<>();

    /** Owners kept in memory with this grace, on this clock (tests move it). */
    public NetworkOwners(Duration grace, InstantSource clock) {
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("ownerGrace must be >= 0, was " + grace);
        }
        this.grace = grace;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Why {@code identity} may not claim {@code network} now, or null if it may (no owner, the same owner, or the
     * owner's grace has passed).
     */
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

    /** {@code identity} now holds {@code network}. */
    public void bound(String network, String identity) {
        synchronized (owners) {
            owners.put(network, new Owner(identity, null));
        }
    }

    /** The tunnel of {@code identity} that held {@code network} ended now: its grace starts. */
    public void ended(String network, String identity) {
        synchronized (owners) {
            owners.computeIfPresent(network, (n, o) -> o.identity().equals(identity)
                    ? new Owner(identity, clock.instant()) : o);
        }
    }
}
