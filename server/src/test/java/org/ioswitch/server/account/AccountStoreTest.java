package org.ioswitch.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.ioswitch.common.auth.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStoreTest {
    @TempDir
    Path dir;

    @Test
    void missingFileIsAnEmptyStore() throws Exception {
        AccountStore store = AccountStore.open(dir);
        assertTrue(store.list().isEmpty());
        assertTrue(store.find("home", "alice").isEmpty());
    }

    @Test
    void addedAccountsSurviveReopenWithHashOnlyAndOwnerOnlyFile() throws Exception {
        AccountStore store = AccountStore.open(dir);
        store.add(Account.create("home", "alice", AccountKind.USER, "s3cret-pw".toCharArray()));
        store.add(Account.create("home", "gina3", AccountKind.DEVICE, "dev-secret".toCharArray()));
        store.add(Account.create("other", "alice", AccountKind.ADMIN, "x".toCharArray()));

        AccountStore again = AccountStore.open(dir);
        assertEquals(3, again.list().size());
        assertEquals(Set.of("home", "other"), again.networks());
        Account alice = again.find("home", "alice").orElseThrow();
        assertEquals(AccountKind.USER, alice.kind());
        assertTrue(alice.password().matches("s3cret-pw".toCharArray()));
        assertEquals(BlockRules.USER_DEFAULT, alice.rules());
        String text = Files.readString(dir.resolve(AccountStore.FILE_NAME));
        assertFalse(text.contains("s3cret-pw"), "the password must never be stored");
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(AccountStore.FILE_NAME))));
    }

    @Test
    void duplicateAddAndMissingRemoveAreRefusedNamingTheAccount() throws Exception {
        AccountStore store = AccountStore.open(dir);
        store.add(Account.create("home", "alice", AccountKind.USER, "pw".toCharArray()));
        AccountsException e = assertThrows(AccountsException.class,
                () -> store.add(Account.create("home", "alice", AccountKind.ADMIN, "pw".toCharArray())));
        assertTrue(e.getMessage().contains("alice.home exists already"), e.getMessage());
        e = assertThrows(AccountsException.class, () -> store.remove("home", "bob"));
        assertTrue(e.getMessage().contains("no account bob.home"), e.getMessage());
        store.remove("home", "alice");
        assertTrue(AccountStore.open(dir).list().isEmpty());
    }

    @Test
    void passwordChangeReplacesTheHash() throws Exception {
        AccountStore store = AccountStore.open(dir);
        store.add(Account.create("home", "alice", AccountKind.USER, "old".toCharArray()));
        store.update("home", "alice", a -> a.withPassword("new".toCharArray()));
        Account a = AccountStore.open(dir).find("home", "alice").orElseThrow();
        assertTrue(a.password().matches("new".toCharArray()));
        assertFalse(a.password().matches("old".toCharArray()));
    }

    @Test
    void changesByAnotherWriterAreSeenWithoutReopening() throws Exception {
        AccountStore running = AccountStore.open(dir);
        assertTrue(running.find("home", "bob").isEmpty());
        AccountStore cli = AccountStore.open(dir);
        cli.add(Account.create("home", "bob", AccountKind.USER, "pw".toCharArray()));
        assertTrue(running.find("home", "bob").isPresent(), "the running store must pick up the new account");
        cli.remove("home", "bob");
        assertTrue(running.find("home", "bob").isEmpty(), "and see it removed");
    }

    @Test
    void lookupsGoByNetworkAndNameAndFollowEditsOfAnotherWriter() throws Exception {
        AccountStore running = AccountStore.open(dir);
        AccountStore cli = AccountStore.open(dir);
        cli.add(Account.create("home", "alice", AccountKind.USER, "pw".toCharArray()));
        cli.add(Account.create("other", "alice", AccountKind.ADMIN, "pw".toCharArray()));
        cli.add(Account.create("third", "gina3", AccountKind.DEVICE, "pw".toCharArray()));
        assertEquals(AccountKind.USER, running.find("home", "alice").orElseThrow().kind());
        assertEquals(AccountKind.ADMIN, running.find("other", "alice").orElseThrow().kind());
        assertTrue(running.find("home", "gina3").isEmpty(), "a name is looked up in its own network only");
        assertEquals(List.of("home", "other", "third"), List.copyOf(running.networks()), "sorted");
        long generation = running.generation();
        assertEquals(generation, running.generation(), "no change, same generation");
        cli.remove("third", "gina3");
        assertTrue(running.generation() > generation, "another writer's change is a new generation");
        assertEquals(Set.of("home", "other"), running.networks(), "a network without accounts is no longer served");
        assertTrue(running.find("third", "gina3").isEmpty());
    }

    @Test
    void brokenEditKeepsTheLastGoodAccounts() throws Exception {
        AccountStore running = AccountStore.open(dir);
        running.add(Account.create("home", "alice", AccountKind.USER, "pw".toCharArray()));
        Files.writeString(dir.resolve(AccountStore.FILE_NAME), "{\"accounts\": [ {\"oops\"");
        assertTrue(running.find("home", "alice").isPresent());
        AccountsException e = assertThrows(AccountsException.class, () -> AccountStore.open(dir));
        assertTrue(e.getMessage().contains("accounts.json: not valid JSON"), e.getMessage());
    }

    @Test
    void badFileContentIsNamedByAccountAndKey() throws Exception {
        String hash = PasswordHash.create("pw".toCharArray()).encoded();
        assertRefused("{\"accounts\": [{\"network\": \"home\", \"name\": \"a\", \"kind\": \"user\", \"password\": \""
                + hash + "\", \"colour\": \"red\"}]}", "accounts[0]: unknown key \"colour\"");
        assertRefused("{\"accounts\": [{\"network\": \"home\", \"name\": \"a\", \"kind\": \"boss\", \"password\": \""
                + hash + "\"}]}", "accounts[0] (a.home): kind: expected device, user or admin, got \"boss\"");
        assertRefused("{\"accounts\": [{\"network\": \"home\", \"name\": \"a\", \"kind\": \"user\", \"password\": "
                + "\"hunter2\"}]}", "accounts[0] (a.home): password: expected a hash");
        assertRefused("{\"accounts\": [{\"network\": \"home\", \"name\": \"a\", \"kind\": \"user\", \"password\": \""
                + hash + "\", \"write\": [\"imp\"]}]}", "write: pattern \"imp\" is not DEVICE.BLOCK");
        assertRefused("{\"accounts\": [{\"network\": \"home\", \"name\": \"a b\", \"kind\": \"user\", \"password\": \""
                + hash + "\"}]}", "name: expected 1-64 letters");
        assertRefused("{\"users\": []}", "unknown key \"users\"");
        String one = "{\"network\": \"home\", \"name\": \"a\", \"kind\": \"user\", \"password\": \"" + hash + "\"}";
        assertRefused("{\"accounts\": [" + one + "," + one + "]}", "accounts[1]: account a.home is listed twice");
    }

    @Test
    void explicitRulesAreKept() throws Exception {
        AccountStore store = AccountStore.open(dir);
        store.add(Account.create("home", "viewer", AccountKind.USER, "pw".toCharArray())
                .withRules(new BlockRules(List.of("*.exp", "*.info"), List.of())));
        Account a = AccountStore.open(dir).find("home", "viewer").orElseThrow();
        assertEquals(List.of("*.exp", "*.info"), a.rules().read());
        assertTrue(a.rules().write().isEmpty());
    }

    private void assertRefused(String json, String expected) throws Exception {
        Files.write(dir.resolve(AccountStore.FILE_NAME), json.getBytes(StandardCharsets.UTF_8));
        AccountsException e = assertThrows(AccountsException.class, () -> AccountStore.open(dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(AccountStore.FILE_NAME), e.getMessage());
    }
}
