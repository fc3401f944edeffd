package org.ioswitch.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.ioswitch.common.testing.MovableClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand, so lockouts are checked without waiting. */
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottle.Policy(2, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(1), 4),
            clock);

    @Test
    void freeFailuresDoNotLock() {
        throttle.failed("10.0.0.1", "alice.home");
        throttle.failed("10.0.0.1", "alice.home");
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.1", "alice.home"));
    }

    @Test
    void lockoutDoublesUpToTheCapAndThenExpires() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "alice.home");
        }
        assertEquals(Duration.ofSeconds(1), throttle.lockedFor("10.0.0.1", "alice.home"));
        throttle.failed("10.0.0.1", "alice.home");
        assertEquals(Duration.ofSeconds(2), throttle.lockedFor("10.0.0.1", "alice.home"));
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1", "alice.home");
        }
        assertEquals(Duration.ofSeconds(8), throttle.lockedFor("10.0.0.1", "alice.home"), "capped at maxDelay");
        clock.advance(Duration.ofSeconds(8));
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.1", "alice.home"));
    }

    @Test
    void strangersFailuresOnAnAccountNeverLockACleanAddressOut() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("10.0.0." + i, "alice.home");
        }
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.99", "alice.home"),
                "the owner's address has not failed: it is never refused");
        assertEquals(Duration.ofSeconds(2), throttle.delayFor("alice.home"),
                "the account under attack delays every check, capped at accountMaxDelay");
        assertEquals(Duration.ZERO, throttle.delayFor("bob.home"));
    }

    @Test
    void accountDelayStartsAfterItsFreeFailuresAndDoubles() {
        LoginThrottle t = new LoginThrottle(new LoginThrottle.Policy(3, Duration.ofMillis(100), Duration.ofMinutes(1),
                Duration.ofMinutes(1), 100, 10, 4, Duration.ofMillis(350)), clock);
        for (int i = 0; i < 4; i++) {
            t.failed("10.0.0." + i, "alice.home");
        }
        assertEquals(Duration.ZERO, t.delayFor("alice.home"));
        t.failed("10.0.0.5", "alice.home");
        assertEquals(Duration.ofMillis(100), t.delayFor("alice.home"));
        t.failed("10.0.0.6", "alice.home");
        assertEquals(Duration.ofMillis(200), t.delayFor("alice.home"));
        t.failed("10.0.0.7", "alice.home");
        assertEquals(Duration.ofMillis(350), t.delayFor("alice.home"), "capped");
    }

    @Test
    void anAddressGuessingAcrossAccountsIsRefusedForEveryAccount() {
        LoginThrottle t = new LoginThrottle(LoginThrottle.Policy.DEFAULT, clock);
        for (int i = 0; i < 11; i++) {
            t.failed("10.0.0.7", "user" + i + ".home");
        }
        assertTrue(t.lockedFor("10.0.0.7", "fresh.home").compareTo(Duration.ZERO) > 0,
                "an address guessing across accounts is locked for every account");
        assertEquals(Duration.ZERO, t.lockedFor("10.0.0.8", "fresh.home"));
        assertEquals(1, t.counts().throttled());
        assertEquals(11, t.counts().failed());
    }

    @Test
    void successClearsThePairButNotTheAddressNorTheAccount() {
        LoginThrottle t = new LoginThrottle(new LoginThrottle.Policy(2, Duration.ofSeconds(1), Duration.ofSeconds(8),
                Duration.ofMinutes(1), 100, 3, 1, Duration.ofSeconds(1)), clock);
        t.failed("10.0.0.1", "alice.home");
        t.failed("10.0.0.1", "alice.home");
        t.succeeded("10.0.0.1", "alice.home");
        t.failed("10.0.0.1", "alice.home");
        t.failed("10.0.0.1", "alice.home");
        assertTrue(t.lockedFor("10.0.0.1", "bob.home").compareTo(Duration.ZERO) > 0,
                "4 failures from the address: its budget of 3 was not reset by the success");
        assertEquals(Duration.ofSeconds(1), t.delayFor("alice.home"));
    }

    @Test
    void quietKeysAreForgottenAndMemoryIsBounded() {
        throttle.failed("10.0.0.1", "alice.home");
        throttle.failed("10.0.0.1", "alice.home");
        clock.advance(Duration.ofMinutes(2));
        throttle.failed("10.0.0.1", "alice.home");
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.1", "alice.home"), "old failures were forgotten");
        for (int i = 0; i < 100; i++) {
            throttle.failed("10.1.0." + i, "u" + i + ".home");
        }
        assertTrue(throttle.size() <= 4, "kept " + throttle.size() + " keys, limit 4");
    }

    @Test
    void peerTextRoundsUpToWholeSecondsAndNeverSaysZero() {
        assertEquals("too many failed logins, retry in 30 s", LoginThrottle.peerText(Duration.ofSeconds(30)));
        assertEquals("too many failed logins, retry in 2 s", LoginThrottle.peerText(Duration.ofMillis(1001)));
        assertEquals(1, LoginThrottle.seconds(Duration.ofMillis(1)));
    }
}
