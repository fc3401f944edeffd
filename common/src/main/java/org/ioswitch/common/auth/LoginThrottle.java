package org.ioswitch.common.auth;

import static org.ioswitch.common.config.SettingChecks.positive;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Slows down password guessing without letting a stranger lock the owner out. Failures are counted under three keys:
 *
 * <ul>
 *   <li><b>(account, address)</b>: after {@link Policy#freeFailures()} failures that pair is refused for
 *       {@link Policy#firstDelay()}, doubling with each further failure up to {@link Policy#maxDelay()};</li>
 *   <li><b>address</b>: after {@link Policy#addressFreeFailures()} failures on any accounts the address is refused
 *       the same way, so one peer cannot walk through many account names;</li>
 *   <li><b>account</b>: after {@link Policy#accountFreeFailures()} failures from anywhere every password check on the
 *       account is <em>delayed</em> (same doubling, capped at {@link Policy#accountMaxDelay()}), never refused: the
 *       owner, logging in from an address that has not failed, always gets in, only slower while the account is
 *       under attack. A guesser spread over many addresses pays the delay on every try.</li>
 * </ul>
 *
 * Certificate logins are not throttled at all (nothing to guess: the TLS handshake verified the certificate); the
 * authenticators simply do not call this class for them. A key is forgotten {@link Policy#forgetAfter()} after its
 * last failure, and at most {@link Policy#maxEntries()} keys are kept (least recently touched dropped first), so a
 * flood of addresses cannot grow memory. While refused, a login is answered without checking the password at all.
 * A success clears its (account, address) pair only: a valid login must neither reset a guesser's address budget nor
 * the account's delay. The home server's logins and the switchbox's publisher logins use it; each keeps its own
 * instance and its {@link LoginCounts} for metrics.
 */
public final class LoginThrottle {

    /**
     * How hard to throttle.
     *
     * @param freeFailures failures of one (account, address) pair allowed before it is refused
     * @param firstDelay the first refusal (and the first account delay)
     * @param maxDelay the longest refusal
     * @param forgetAfter quiet time after which a key's failures are forgotten
     * @param maxEntries keys kept at most
     * @param addressFreeFailures failures of one address on any accounts allowed before it is refused
     * @param accountFreeFailures failures on one account from anywhere before its password checks are delayed
     * @param accountMaxDelay the longest an account's password check is delayed (a correct login included)
     */
    public record Policy(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter,
                         int maxEntries, int addressFreeFailures, int accountFreeFailures, Duration accountMaxDelay) {
        /**
         * 3 free failures per (account, address), 10 per address, then 1 s doubling to 5 min; an account delays its
         * checks after 10 failures, 1 s doubling to 2 s; forgotten after 15 min; 10,000 keys.
         */
        public static final Policy DEFAULT = new Policy(3, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofMinutes(15), 10_000, 10, 10, Duration.ofSeconds(2));

        /** Checks each field. */
        public Policy {
            atLeast("freeFailures", freeFailures, 0);
            atLeast("addressFreeFailures", addressFreeFailures, 0);
            atLeast("accountFreeFailures", accountFreeFailures, 0);
            positive("firstDelay", firstDelay);
            positive("maxDelay", maxDelay);
            positive("forgetAfter", forgetAfter);
            positive("accountMaxDelay", accountMaxDelay);
            if (maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("maxDelay must be >= firstDelay " + firstDelay + ", was "
                        + maxDelay);
            }
            atLeast("maxEntries", maxEntries, 3);
        }

        /**
         * The pair rule with the default address and account rules: an address is refused after
         * {@code max(10, freeFailures)} failures, an account delays its checks after 10 failures, at most 2 s.
         */
        public Policy(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter, int maxEntries) {
            this(freeFailures, firstDelay, maxDelay, forgetAfter, maxEntries, Math.max(10, freeFailures), 10,
                    Duration.ofSeconds(2));
        }

        private static void atLeast(String field, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
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
    private final LoginCounts counts = new LoginCounts();
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

    /** What this throttle did so far, for metrics. */
    public LoginCounts counts() {
        return counts;
    }

    /**
     * How much longer a password login from {@code address} to {@code account} is refused; zero if it may proceed.
     * Only the pair and the address refuse; the account alone never does (see {@link #delayFor}). A non-zero answer
     * is counted as a throttled login.
     */
    public Duration lockedFor(String address, String account) {
        Instant now = clock.instant();
        Duration wait;
        synchronized (entries) {
            Duration a = remaining(pairKey(address, account), now);
            Duration b = remaining(addressKey(address), now);
            wait = a.compareTo(b) >= 0 ? a : b;
        }
        if (!wait.isZero()) {
            counts.throttled.increment();
        }
        return wait;
    }

    /** How long a password check on {@code account} waits first because the account is under attack; often zero. */
    public Duration delayFor(String account) {
        Instant now = clock.instant();
        synchronized (entries) {
            Entry e = live(accountKey(account), now);
            int over = e == null ? 0 : e.failures - policy.accountFreeFailures();
            return over <= 0 ? Duration.ZERO : doubled(over, policy.accountMaxDelay());
        }
    }

    /**
     * Waits {@link #delayFor} the account, on the calling (per-connection) thread, before its password is checked.
     *
     * @throws InterruptedException if the connection's thread is interrupted (it is being closed)
     */
    public void pause(String account) throws InterruptedException {
        Duration d = delayFor(account);
        if (!d.isZero()) {
            counts.delayed.increment();
            Thread.sleep(d.toMillis());
        }
    }

    /** Counts a failed login. */
    public void failed(String address, String account) {
        counts.failed.increment();
        Instant now = clock.instant();
        synchronized (entries) {
            fail(pairKey(address, account), now, policy.freeFailures());
            fail(addressKey(address), now, policy.addressFreeFailures());
            // The account's entry never locks: its count only feeds delayFor.
            fail(accountKey(account), now, Integer.MAX_VALUE);
        }
    }

    /** Clears the pair's failures after a good login (the owner's own typos); address and account keep theirs. */
    public void succeeded(String address, String account) {
        synchronized (entries) {
            entries.remove(pairKey(address, account));
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

    private void fail(String key, Instant now, int free) {
        Entry e = live(key, now);
        if (e == null) {
            e = new Entry();
            entries.put(key, e);
        }
        e.failures++;
        e.lastFailure = now;
        int over = e.failures - free;
        if (free != Integer.MAX_VALUE && over > 0) {
            e.lockedUntil = now.plus(doubled(over, policy.maxDelay()));
        }
    }

    /** firstDelay doubled for each failure over the free ones after the first, capped. */
    private Duration doubled(int over, Duration cap) {
        // Shift capped well below 63 so the doubling cannot overflow before the cap applies.
        Duration delay = policy.firstDelay().multipliedBy(1L << Math.min(over - 1, 30));
        return delay.compareTo(cap) > 0 ? cap : delay;
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

    private static String pairKey(String address, String account) {
        return "pair " + account + " " + address;
    }

    private static String addressKey(String address) {
        return "address " + address;
    }

    private static String accountKey(String account) {
        return "account " + account;
    }
}
