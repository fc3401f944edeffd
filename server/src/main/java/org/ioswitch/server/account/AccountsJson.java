package org.ioswitch.server.account;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ioswitch.common.auth.PasswordHash;

/**
 * The {@code accounts.json} layout, read strictly (an unknown key is an error naming the account and key):
 * <pre>
 * { "accounts": [
 *     { "network": "pekkahome", "name": "gina3", "kind": "device",
 *       "password": "$pbkdf2-sha256$i=210000$SALT$HASH",
 *       "read": ["%u.imp"], "write": ["%u.exp", "%u.info"] } ] }
 * </pre>
 * {@code read} and {@code write} may be left out; the kind's defaults then apply.
 */
final class AccountsJson {
    private static final Set<String> TOP_KEYS = Set.of("accounts");
    private static final Set<String> ACCOUNT_KEYS = Set.of("network", "name", "kind", "password", "read", "write");

    private AccountsJson() {
    }

    static List<Account> parse(String source, byte[] bytes) throws AccountsException {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
        } catch (JsonParseException | StackOverflowError e) {
            throw new AccountsException(source + ": not valid JSON: " + e.getMessage());
        }
        if (!root.isJsonObject()) {
            throw new AccountsException(source + ": expected an object {\"accounts\": [...]}");
        }
        JsonObject top = root.getAsJsonObject();
        checkKeys(source, top, TOP_KEYS);
        JsonElement list = top.get("accounts");
        if (list == null || !list.isJsonArray()) {
            throw new AccountsException(source + ": accounts: expected an array");
        }
        List<Account> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (JsonElement e : list.getAsJsonArray()) {
            String where = source + ": accounts[" + i++ + "]";
            if (!e.isJsonObject()) {
                throw new AccountsException(where + ": expected an object");
            }
            Account a = account(where, e.getAsJsonObject());
            if (!seen.add(a.qualifiedName())) {
                throw new AccountsException(where + ": account " + a.qualifiedName() + " is listed twice");
            }
            out.add(a);
        }
        return out;
    }

    static byte[] format(List<Account> accounts) {
        JsonArray list = new JsonArray();
        for (Account a : accounts) {
            JsonObject o = new JsonObject();
            o.addProperty("network", a.network());
            o.addProperty("name", a.name());
            o.addProperty("kind", a.kind().label());
            o.addProperty("password", a.password().encoded());
            o.add("read", array(a.rules().read()));
            o.add("write", array(a.rules().write()));
            list.add(o);
        }
        JsonObject top = new JsonObject();
        top.add("accounts", list);
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(top) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Account account(String where, JsonObject o) throws AccountsException {
        checkKeys(where, o, ACCOUNT_KEYS);
        String network = string(where, o, "network");
        String name = string(where, o, "name");
        String at = where + " (" + name + "." + network + ")";
        AccountKind kind;
        try {
            kind = AccountKind.ofLabel(string(at, o, "kind"));
        } catch (IllegalArgumentException e) {
            throw new AccountsException(at + ": kind: " + e.getMessage());
        }
        PasswordHash hash;
        try {
            hash = PasswordHash.parse(string(at, o, "password"));
        } catch (IllegalArgumentException e) {
            throw new AccountsException(at + ": password: " + e.getMessage());
        }
        BlockRules defaults = BlockRules.defaultsFor(kind);
        try {
            BlockRules rules = new BlockRules(
                    o.has("read") ? strings(at, o, "read") : defaults.read(),
                    o.has("write") ? strings(at, o, "write") : defaults.write());
            return new Account(network, name, kind, hash, rules);
        } catch (IllegalArgumentException e) {
            throw new AccountsException(at + ": " + e.getMessage());
        }
    }

    private static void checkKeys(String where, JsonObject o, Set<String> known) throws AccountsException {
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new AccountsException(where + ": unknown key \"" + key + "\", expected one of "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    private static String string(String where, JsonObject o, String key) throws AccountsException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new AccountsException(where + ": " + key + ": expected a string");
        }
        return e.getAsString();
    }

    private static List<String> strings(String where, JsonObject o, String key) throws AccountsException {
        JsonElement e = o.get(key);
        if (!e.isJsonArray()) {
            throw new AccountsException(where + ": " + key + ": expected an array of patterns");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement item : e.getAsJsonArray()) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw new AccountsException(where + ": " + key + ": expected strings, got " + item);
            }
            out.add(item.getAsString());
        }
        return out;
    }

    private static JsonArray array(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(v -> a.add(new JsonPrimitive(v)));
        return a;
    }
}
