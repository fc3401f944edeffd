package org.ioswitch.common.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Slows down password guessing. Failures are counted per peer address and per account; after
 * {@link Policy#freeFailures()} failures a key is locked for {@link Policy#firstDelay()}, doubling with each further
 * failure up to {@link Policy#maxDelay()}. A key is forgotten {@link Policy#forgetAfter()} after its last failure,
 * and at most {@link Policy#maxEntries()} keys are kept (least recently touched dropped first), so a flood of
 * addresses cannot grow memory. While locked, a login is refused without checking the password at all.
 * A success clears the account's count, not the address's: one valid login must not reset a guesser's budget.
 * The home server's logins and the switchbox's publisher logins use it; each keeps its own instance.
 */
public final class LoginThrottle {

    /**
     * How hard to throttle.
     *
     * @param freeFailures failures allowed before the first lockout
     * @param firstDelay the first lockout
     * @param maxDelay the longest lockout
     * @param forgetAfter quiet time after which a key's failures are forgotten
     * @param maxEntries keys kept at most
     */
    public record Policy(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter,
                         int maxEntries) {
        /** 3 free failures, then 1 s doubling to 5 min; forgotten after 15 min; 10,000 keys. */
        public static final Policy DEFAULT =
                new Policy(3, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(15), 10_000);

        /** Checks each field. */
        public Policy {
            if (freeFailures < 0) {
                throw new IllegalArgumentException("freeFailures must be >= 0, was " + freeFailures);
            }
            positive("firstDelay", firstDelay);
            positive("maxDelay", maxDelay);
            positive("forgetAfter", forgetAfter);
            if (maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("maxDelay must be >= firstDelay " + firstDelay + ", was "
                        + maxDelay);
            }
            if (maxEntries < 2) {
                throw new IllegalArgumentException("maxEntries must be >= 2, was " + maxEntries);
            }
        }

        private static void positive(String field, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + " must be > 0, was " + d);
            }
        }
    }

    private static final class Entry {
        int failures;
        Instant lastFailure;
        Instant lockedUntil = Instant.MIN;
    }

    private final Policy policy;
    private final InstantSource clock;
    /** Guarded by itself; access-ordered so the eldest entry is the least recently touched. */
    private final LinkedHashMap<String, Entry> entries;

    /** A throttle with the given policy and clock (tests pass a clock they move). */
    public LoginThrottle(Policy policy, InstantSource clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            // Qualified: inside a LinkedHashMap subclass a bare "Entry" means the map's own Map.Entry on newer javac.
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LoginThrottle.Entry> eldest) {
                return size() > policy.maxEntries();
            }
        };
    }

    /** A throttle with the default policy on the system clock. */
    public LoginThrottle() {
        this(Policy.DEFAULT, InstantSource.system());
    }

    /** How much longer a login from {@code address} to {@code account} is refused; zero if it may proceed. */
    public Duration lockedFor(String address, String account) {
        Instant now = clock.instant();
        synchronized (entries) {
            Duration a = remaining(addressKey(address), now);
            Duration b = remaining(accountKey(account), now);
            return a.compareTo(b) >= 0 ? a : b;
        }
    }

    /** Counts a failed login. */
    public void failed(String address, String account) {
        Instant now = clock.instant();
        synchronized (entries) {
            fail(addressKey(address), now);
            fail(accountKey(account), now);
        }
    }

    /** Clears the account's failures after a good login. */
    public void succeeded(String account) {
        synchronized (entries) {
            entries.remove(accountKey(account));
        }
    }

    /**
     * What a refused peer is told, so the server and the switchbox word a lockout alike: whole seconds, rounded up,
     * at least 1 (a peer told "retry in 0 s" would retry at once and be refused again).
     */
    public static String peerText(Duration wait) {
        return "too many failed logins, retry in " + seconds(wait) + " s";
    }

    /** {@code wait} in whole seconds, rounded up, at least 1; for log lines beside {@link #peerText}. */
    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** Keys kept now (for tests of the memory bound). */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Duration remaining(String key, Instant now) {
        Entry e = live(key, now);
        if (e == null || !e.lockedUntil.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, e.lockedUntil);
    }

    private void fail(String key, Instant now) {
        Entry e = live(key, now);
        if (e == null) {
            e = new Entry();
            entries.put(key, e);
        }
        e.failures++;
        e.lastFailure = now;
        int over = e.failures - policy.freeFailures();
        if (over > 0) {
            // Shift capped well below 63 so the doubling cannot overflow before the maxDelay cap applies.
            long factor = 1L << Math.min(over - 1, 30);
            Duration delay = policy.firstDelay().multipliedBy(factor);
            if (delay.compareTo(policy.maxDelay()) > 0) {
                delay = policy.maxDelay();
            }
            e.lockedUntil = now.plus(delay);
        }
    }

    private Entry live(String key, Instant now) {
        Entry e = entries.get(key);
        if (e != null && Duration.between(e.lastFailure, now).compareTo(policy.forgetAfter()) > 0
                && !e.lockedUntil.isAfter(now)) {
            entries.remove(key);
            return null;
        }
        return e;
    }

    private static String addressKey(String address) {
        return "address " + address;
    }

    private static String accountKey(String account) {
        return "account " + account;
    }
}
