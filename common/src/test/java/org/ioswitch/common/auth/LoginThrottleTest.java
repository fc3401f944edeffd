package org.ioswitch.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand, so lockouts are checked without waiting. */
    static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final ManualClock clock = new ManualClock();
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
    void accountIsLockedFromEveryAddressAndAddressForEveryAccount() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0." + i, "alice.home");
        }
        assertTrue(throttle.lockedFor("10.0.0.99", "alice.home").compareTo(Duration.ZERO) > 0,
                "the account is locked whichever address asks");
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.99", "bob.home"));
        LoginThrottle t2 = new LoginThrottle(LoginThrottle.Policy.DEFAULT, clock);
        for (int i = 0; i < 4; i++) {
            t2.failed("10.0.0.7", "user" + i + ".home");
        }
        assertTrue(t2.lockedFor("10.0.0.7", "fresh.home").compareTo(Duration.ZERO) > 0,
                "an address guessing across accounts is locked for every account");
    }

    @Test
    void successClearsTheAccountButNotTheAddress() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "alice.home");
        }
        throttle.succeeded("alice.home");
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.2", "alice.home"));
        assertTrue(throttle.lockedFor("10.0.0.1", "bob.home").compareTo(Duration.ZERO) > 0);
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
