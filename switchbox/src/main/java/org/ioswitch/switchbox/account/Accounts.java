package org.ioswitch.switchbox.account;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigFile;
import org.ioswitch.common.config.ConfigObject;
import org.ioswitch.common.files.AtomicFiles;
import org.tinylog.Logger;

/**
 * The accounts file ({@code accounts.json}), re-read when it changes so {@code switchbox accounts add} takes effect on
 * a running switchbox:
 * <pre>
 * {"accounts": [
 *   {"name": "pekka", "passwordHash": "$pbkdf2-sha256$i=210000$...$...", "networks": ["pekkahome"]},
 *   {"name": "lab", "certificateName": "lab", "networks": ["lab", "lab2"]}]}
 * </pre>
 */
public final class Accounts {
    private final Path file;
    private Map<String, PublisherAccount> byName = Map.of();
    private FileTime loaded;

    private Accounts(Path file) {
        this.file = file;
    }

    /**
     * Reads the accounts file.
     *
     * @throws ConfigException naming the file, the account and the key that is wrong
     */
    public static Accounts load(Path file) throws ConfigException {
        Accounts accounts = new Accounts(file);
        accounts.reload();
        return accounts;
    }

    /** Writes an empty accounts file, owner-only. */
    public static void writeEmpty(Path file) throws IOException {
        write(file, List.of());
    }

    /** The account called {@code name}, re-reading the file first if it changed. */
    public synchronized Optional<PublisherAccount> find(String name) {
        refresh();
        return Optional.ofNullable(byName.get(name));
    }

    /** The account whose certificate name is {@code certificateName}. */
    public synchronized Optional<PublisherAccount> findByCertificate(String certificateName) {
        refresh();
        return byName.values().stream().filter(a -> certificateName.equals(a.certificateName())).findFirst();
    }

    /** All accounts. */
    public synchronized List<PublisherAccount> all() {
        refresh();
        return List.copyOf(byName.values());
    }

    /**
     * Adds or replaces an account and writes the file atomically.
     *
     * @throws IOException when the file cannot be written
     */
    public synchronized void put(PublisherAccount account) throws IOException {
        Map<String, PublisherAccount> next = new LinkedHashMap<>(byName);
        next.put(account.name(), account);
        write(file, List.copyOf(next.values()));
        byName = next;
        loaded = Files.getLastModifiedTime(file);
    }

    private void refresh() {
        try {
            if (!Files.getLastModifiedTime(file).equals(loaded)) {
                reload();
                Logger.info("accounts re-read from {}: {} accounts", file, byName.size());
            }
        } catch (IOException | ConfigException e) {
            Logger.warn("keeping the accounts read before: {}", e.getMessage());
        }
    }

    private void reload() throws ConfigException {
        FileTime time;
        try {
            time = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        ConfigObject root = ConfigFile.read(file).root();
        if (!root.has("accounts")) {
            throw root.error("accounts", "an array of accounts", null);
        }
        List<ConfigObject> list = root.objects("accounts");
        root.finish();
        Map<String, PublisherAccount> next = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigObject o = list.get(i);
            String name = o.string("name", null);
            if (name == null) {
                throw o.error("name", "missing");
            }
            String hash = o.string("passwordHash", null);
            String certificateName = o.string("certificateName", null);
            List<String> networks = o.strings("networks", List.of());
            o.finish();
            try {
                PublisherAccount account = new PublisherAccount(name,
                        hash == null ? null : PasswordHash.parse(hash), certificateName,
                        networks);
                if (next.put(name, account) != null) {
                    throw o.error("name", "duplicate account " + name);
                }
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(file.getFileName() + ": accounts[" + i + "] (" + name + "): "
                        + ex.getMessage());
            }
        }
        byName = next;
        loaded = time;
    }

    private static void write(Path file, List<PublisherAccount> accounts) throws IOException {
        JsonArray list = new JsonArray();
        for (PublisherAccount a : accounts) {
            JsonObject o = new JsonObject();
            o.addProperty("name", a.name());
            if (a.passwordHash() != null) {
                o.addProperty("passwordHash", a.passwordHash().encoded());
            }
            if (a.certificateName() != null) {
                o.addProperty("certificateName", a.certificateName());
            }
            JsonArray networks = new JsonArray();
            a.networks().forEach(networks::add);
            o.add("networks", networks);
            list.add(o);
        }
        JsonObject root = new JsonObject();
        root.add("accounts", list);
        String text = new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
        // hashes are not passwords, but they can be attacked offline: owner-only
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), true);
    }
}
