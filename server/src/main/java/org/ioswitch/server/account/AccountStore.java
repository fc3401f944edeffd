package org.ioswitch.server.account;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.ioswitch.common.files.AtomicFiles;
import org.tinylog.Logger;

/**
 * The accounts of a server directory, kept in {@code accounts.json}. Every write is atomic (temp file, fsync, rename)
 * and owner-only; every read first checks whether the file changed (modification time, size, inode) and re-reads
 * it, so an {@code ioswitch server accounts …} edit applies to a running server at its next login without a restart.
 * If a hand edit breaks the file, the running server keeps the last good accounts and warns.
 */
public final class AccountStore {
    /** The file name inside the server directory. */
    public static final String FILE_NAME = "accounts.json";
    /** One lock for all stores of this process; the file lock alone cannot exclude two channels of one JVM. */
    private static final Object MODIFY_LOCK = new Object();
    /** Snapshot generations, unique in this process (a store compares only its own). */
    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final Path file;
    private final Path lockFile;
    /** The last good accounts and the file attributes they were read at; replaced whole, never mutated. */
    private volatile Snapshot snapshot;

    /**
     * Accounts as read at {@code stamp}, indexed by network and name: every login looks its account up and every hello
     * checks its network, so with a fleet of 10,000 device accounts a scan per connection is CPU a reconnect storm
     * cannot spare.
     */
    private record Snapshot(List<Account> accounts, Object stamp, Map<String, Map<String, Account>> byNetwork,
                            long generation) {
        static Snapshot of(List<Account> accounts, Object stamp) {
            Map<String, Map<String, Account>> byNetwork = new TreeMap<>();
            for (Account a : accounts) {
                byNetwork.computeIfAbsent(a.network(), n -> new HashMap<>()).putIfAbsent(a.name(), a);
            }
            byNetwork.replaceAll((n, m) -> Map.copyOf(m));
            return new Snapshot(accounts, stamp, Collections.unmodifiableMap(byNetwork), GENERATIONS.incrementAndGet());
        }
    }

    private AccountStore(Path dir) {
        this.file = dir.resolve(FILE_NAME);
        this.lockFile = dir.resolve("." + FILE_NAME + ".lock");
    }

    /**
     * Opens the store of a server directory; a missing {@code accounts.json} is an empty store.
     *
     * @throws AccountsException if the file exists but is not valid, naming the account and key
     */
    public static AccountStore open(Path dir) throws AccountsException {
        AccountStore store = new AccountStore(Objects.requireNonNull(dir, "dir"));
        Object stamp = store.stamp();
        store.snapshot = Snapshot.of(store.read(stamp), stamp);
        return store;
    }

    /** The accounts file. */
    public Path file() {
        return file;
    }

    /** The account {@code name} of {@code network}, as the file says now. */
    public Optional<Account> find(String network, String name) {
        return Optional.ofNullable(current().byNetwork().getOrDefault(network, Map.of()).get(name));
    }

    /** Every account, sorted by network then name. */
    public List<Account> list() {
        List<Account> all = new ArrayList<>(current().accounts());
        all.sort(Comparator.comparing(Account::network).thenComparing(Account::name));
        return all;
    }

    /**
     * The ids ({@code gina3.pekkahome}) of the device accounts of {@code network}: devices this server knows even
     * before they connect (provisioned by hand or paired).
     */
    public List<String> deviceIds(String network) {
        List<String> out = new ArrayList<>();
        for (Account a : list()) {
            if (a.kind() == AccountKind.DEVICE && a.network().equals(network)) {
                out.add(a.qualifiedName());
            }
        }
        return out;
    }

    /**
     * Grows by one each time this store takes in a new version of the file (its own writes and other writers' alike);
     * checks the file first, as every read does.
     */
    public long generation() {
        return current().generation();
    }

    /** The networks that have at least one account: the networks this directory serves. */
    public Set<String> networks() {
        return current().byNetwork().keySet();
    }

    /**
     * Adds an account.
     *
     * @throws AccountsException if it exists already, or the file cannot be read or written
     */
    public void add(Account account) throws AccountsException {
        modify(accounts -> {
            for (Account a : accounts) {
                if (a.network().equals(account.network()) && a.name().equals(account.name())) {
                    throw new AccountsException("account " + account.qualifiedName() + " exists already in " + file);
                }
            }
            accounts.add(account);
        });
        Logger.info("account {} ({}) added", account.qualifiedName(), account.kind().label());
    }

    /**
     * Removes an account.
     *
     * @throws AccountsException if there is no such account, or the file cannot be read or written
     */
    public void remove(String network, String name) throws AccountsException {
        modify(accounts -> {
            if (!accounts.removeIf(a -> a.network().equals(network) && a.name().equals(name))) {
                throw noSuch(network, name);
            }
        });
        Logger.info("account {}.{} removed", name, network);
    }

    /**
     * Replaces an account with {@code change} applied to it (new password, new rules).
     *
     * @throws AccountsException if there is no such account, or the file cannot be read or written
     */
    public void update(String network, String name, UnaryOperator<Account> change) throws AccountsException {
        modify(accounts -> {
            for (int i = 0; i < accounts.size(); i++) {
                Account a = accounts.get(i);
                if (a.network().equals(network) && a.name().equals(name)) {
                    Account changed = change.apply(a);
                    if (!changed.network().equals(network) || !changed.name().equals(name)) {
                        throw new IllegalArgumentException("update must not rename " + a.qualifiedName());
                    }
                    accounts.set(i, changed);
                    return;
                }
            }
            throw noSuch(network, name);
        });
        Logger.info("account {}.{} updated", name, network);
    }

    private AccountsException noSuch(String network, String name) {
        return new AccountsException("no account " + name + "." + network + " in " + file);
    }

    private interface Edit {
        void apply(List<Account> accounts) throws AccountsException;
    }

    /** Read, change, write under a lock that also excludes other processes (a CLI beside a running server). */
    private void modify(Edit edit) throws AccountsException {
        synchronized (MODIFY_LOCK) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    // Always from the file, not the cache: another process may have written since.
                    List<Account> accounts = new ArrayList<>(read(stamp()));
                    edit.apply(accounts);
                    AtomicFiles.write(file, AccountsJson.format(accounts), true);
                    snapshot = Snapshot.of(List.copyOf(accounts), stamp());
                }
            } catch (IOException e) {
                throw new AccountsException(file + ": cannot write: " + e.getMessage(), e);
            }
        }
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        Object stamp;
        try {
            stamp = stamp();
        } catch (AccountsException e) {
            Logger.warn("{}; keeping the accounts read before", e.getMessage());
            return s;
        }
        if (Objects.equals(stamp, s.stamp())) {
            return s;
        }
        synchronized (this) {
            if (Objects.equals(snapshot.stamp(), stamp)) {
                return snapshot;
            }
            List<Account> accounts;
            try {
                accounts = read(stamp);
                Logger.info("{} changed: {} account(s) loaded", file, accounts.size());
            } catch (AccountsException e) {
                // Remember the broken stamp so the warning is logged once per bad edit, not once per login.
                accounts = snapshot.accounts();
                Logger.warn("{}; keeping the {} account(s) read before", e.getMessage(), accounts.size());
            }
            snapshot = Snapshot.of(accounts, stamp);
            return snapshot;
        }
    }

    private List<Account> read(Object stamp) throws AccountsException {
        if (stamp == null) {
            return List.of();
        }
        try {
            return List.copyOf(AccountsJson.parse(file.toString(), Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new AccountsException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** What identifies one version of the file; an atomic rename always gives a new inode. */
    private Object stamp() throws AccountsException {
        try {
            BasicFileAttributes at = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(at.lastModifiedTime(), at.size(), String.valueOf(at.fileKey()));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new AccountsException(file + ": cannot read attributes: " + e.getMessage(), e);
        }
    }
}
