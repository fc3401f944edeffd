package org.ioswitch.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.testing.MovableClock;
import org.ioswitch.server.account.AuthenticationException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Authenticator auth;

    @BeforeEach
    void setUp() throws Exception {
        AccountStore store = AccountStore.open(dir);
        store.add(Account.create("home", "alice", AccountKind.USER, "right".toCharArray()));
        auth = new Authenticator(store, new LoginThrottle(
                new LoginThrottle.Policy(2, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(15),
                        100, 10, 10, Duration.ofMillis(100)), clock));
    }

    @Test
    void rightPasswordLogsIn() throws Exception {
        assertEquals("alice", auth.password("home", "alice", bytes("right"), "127.0.0.1").name());
    }

    @Test
    void wrongPasswordAndUnknownAccountLookTheSameToThePeer() {
        AuthenticationException wrong = assertThrows(AuthenticationException.class,
                () -> auth.password("home", "alice", bytes("wrong"), "127.0.0.1"));
        AuthenticationException unknown = assertThrows(AuthenticationException.class,
                () -> auth.password("home", "mallory", bytes("x"), "127.0.0.2"));
        assertEquals(Reason.BAD_CREDENTIAL, wrong.reason());
        assertEquals(Reason.UNKNOWN_ACCOUNT, unknown.reason());
        assertEquals(wrong.peerText(), unknown.peerText());
        assertFalse(wrong.getMessage().contains("wrong\""), "the message must not echo the password");
    }

    @Test
    void accountOfAnotherNetworkDoesNotLogIn() {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> auth.password("elsewhere", "alice", bytes("right"), "127.0.0.1"));
        assertEquals(Reason.UNKNOWN_ACCOUNT, e.reason());
    }

    @Test
    void repeatedFailuresLockTheGuessingAddressEvenForTheRightPasswordUntilTheWindowPasses() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThrows(AuthenticationException.class,
                    () -> auth.password("home", "alice", bytes("guess"), "127.0.0.9"));
        }
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> auth.password("home", "alice", bytes("right"), "127.0.0.9"));
        assertEquals(Reason.THROTTLED, e.reason());
        assertTrue(e.peerText().contains("retry in 30 s"), e.peerText());
        clock.advance(Duration.ofSeconds(31));
        assertEquals("alice", auth.password("home", "alice", bytes("right"), "127.0.0.9").name());
    }

    @Test
    void strangersFailuresDoNotLockTheOwnerOut() throws Exception {
        for (int i = 0; i < 12; i++) {
            int from = i;
            assertThrows(AuthenticationException.class,
                    () -> auth.password("home", "alice", bytes("guess"), "127.0.1." + from));
        }
        assertEquals("alice", auth.password("home", "alice", bytes("right"), "127.0.0.1").name());
    }

    @Test
    void certificateLoginsAreNeverThrottled() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThrows(AuthenticationException.class,
                    () -> auth.password("home", "alice", bytes("guess"), "127.0.0.1"));
        }
        assertEquals(Reason.THROTTLED, assertThrows(AuthenticationException.class,
                () -> auth.password("home", "alice", bytes("right"), "127.0.0.1")).reason());
        assertEquals("alice", auth.certificate("home", "alice", "127.0.0.1").name(),
                "a verified certificate from the very same address gets in");
    }

    @Test
    void verifiedCertificateNameMustHaveAnAccount() throws Exception {
        assertEquals("alice", auth.certificate("home", "alice", "127.0.0.1").name());
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> auth.certificate("home", "bob", "127.0.0.1"));
        assertEquals(Reason.UNKNOWN_ACCOUNT, e.reason());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
