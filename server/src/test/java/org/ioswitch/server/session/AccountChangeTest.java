package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.wire.ListDevices;
import org.ioswitch.common.wire.Role;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing an account or changing its password closes that account's open sessions within 5 s; others stay. */
class AccountChangeTest {
    static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    @TempDir
    Path dir;

    @Test
    void removedAccountsSessionIsClosedWithinFiveSecondsAndOthersStay() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            f.account("home", "alice", AccountKind.USER, "alice-pw").account("home", "bob", AccountKind.USER, "bob-pw");
            f.start();
            ScriptedPeer alice = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw");
            ScriptedPeer bob = ScriptedPeer.login(f, Role.OPERATOR, "home", "bob", "bob-pw");

            // As `server accounts remove` does it: another store on the same directory writes the file.
            AccountStore.open(dir).remove("home", "alice");

            Close close = alice.expect(Close.class, FIVE_SECONDS);
            assertEquals(CloseCode.NOT_AUTHORIZED, close.code());
            assertTrue(close.text().contains("account alice.home was removed"), close.text());
            bob.send(new ListDevices());
            bob.expect(DeviceList.class);
            alice.close();
            bob.close();
        }
    }

    @Test
    void changedPasswordClosesThatAccountsSessionsAndNotOthers() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            f.account("home", "alice", AccountKind.USER, "alice-pw").account("home", "bob", AccountKind.USER, "bob-pw");
            f.start();
            ScriptedPeer alice1 = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw");
            ScriptedPeer alice2 = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw");
            ScriptedPeer bob = ScriptedPeer.login(f, Role.OPERATOR, "home", "bob", "bob-pw");

            AccountStore.open(dir).update("home", "alice", a -> a.withPassword("new-pw".toCharArray()));

            for (ScriptedPeer alice : new ScriptedPeer[] {alice1, alice2}) {
                Close close = alice.expect(Close.class, FIVE_SECONDS);
                assertEquals(CloseCode.NOT_AUTHORIZED, close.code());
                assertTrue(close.text().contains("password of account alice.home was changed"), close.text());
                alice.close();
            }
            bob.send(new ListDevices());
            bob.expect(DeviceList.class);
            // The new password works at once.
            ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "new-pw").close();
            bob.close();
        }
    }
}
