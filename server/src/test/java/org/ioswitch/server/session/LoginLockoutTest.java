package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Role;
import org.ioswitch.server.account.AccountKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 1 of the abuse review: strangers who know an account's name must not lock its owner out. Wrong passwords
 * come from other loopback addresses over real TLS; the owner's correct login from an address that has not failed
 * still gets AUTH_OK (delayed by the account budget at most), while the guessing address itself is refused.
 */
class LoginLockoutTest {
    /** Pair lock after 2 failures for 30 s (only a moved clock would release it); account delays from 2, ≤ 200 ms. */
    private static final LoginThrottle.Policy POLICY = new LoginThrottle.Policy(2, Duration.ofSeconds(30),
            Duration.ofMinutes(5), Duration.ofMinutes(15), 100, 10, 2, Duration.ofMillis(200));

    @TempDir
    Path dir;
    private ServerFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ServerFixture(dir).account("home", "alice", AccountKind.USER, "alice-pw");
        f.start(f.options().throttle(POLICY).build());
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void wrongPasswordsFromOtherAddressesDoNotLockTheOwnerOut() throws Exception {
        for (String stranger : new String[] {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
            for (int i = 0; i < 3; i++) {
                assertEquals(CloseCode.AUTH_FAILED, login(stranger, "guess" + i).code());
            }
        }
        Close guesser = login("127.0.0.2", "alice-pw");
        assertTrue(guesser.text().contains("too many failed logins"), "the guessing address is refused: "
                + guesser.text());

        try (ScriptedPeer owner = ScriptedPeer.connectFrom(f, "127.0.0.1")) {
            owner.hello(Role.OPERATOR, "home");
            owner.expect(HelloAck.class);
            owner.auth("alice", "alice-pw");
            assertEquals("alice", owner.expect(AuthOk.class).identity());
        }
        assertTrue(f.server.authenticator().loginCounts().delayed() >= 1, "the owner's check waited");
    }

    private Close login(String from, String password) throws Exception {
        try (ScriptedPeer p = ScriptedPeer.connectFrom(f, from)) {
            p.hello(Role.OPERATOR, "home");
            p.expect(HelloAck.class);
            p.auth("alice", password);
            return p.expectClose();
        }
    }
}
