package org.ioswitch.common.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON object in a config file with typed getters. Each getter marks its key as known; {@link #finish()} then
 * reports every key nobody asked for, so a misspelt key is an error instead of a silently ignored setting. Errors
 * read {@code config.json: tls.keychain: expected "path;password", got "server.p12"}.
 */
public final class ConfigObject {
    private final String file;
    private final String prefix;
    private final JsonObject json;
    private final Path baseDir;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigObject(String file, String prefix, JsonObject json, Path baseDir) {
        this.file = file;
        this.prefix = prefix;
        this.json = json;
        this.baseDir = baseDir;
    }

    /**
     * An object that did not come straight from a {@link ConfigFile}, e.g. a block kept inside a larger state file or
     * built from command-line options; errors name {@code source}, relative paths resolve against {@code baseDir}.
     */
    public static ConfigObject of(String source, JsonObject json, Path baseDir) {
        return new ConfigObject(source, "", json.deepCopy(), baseDir);
    }

    /** The directory relative paths resolve against. */
    public Path baseDir() {
        return baseDir;
    }

    /** True when the key is present (and marks it known). */
    public boolean has(String key) {
        known.add(key);
        return json.has(key) && !json.get(key).isJsonNull();
    }

    /** A string value, or {@code defaultValue} when absent. */
    public String string(String key, String defaultValue) throws ConfigException {
        if (!has(key)) {
            return defaultValue;
        }
        JsonElement value = json.get(key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw error(key, "a string", value);
        }
        return value.getAsString();
    }

    /** A boolean value, or {@code defaultValue} when absent. */
    public boolean bool(String key, boolean defaultValue) throws ConfigException {
        if (!has(key)) {
            return defaultValue;
        }
        JsonElement value = json.get(key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw error(key, "true or false", value);
        }
        return value.getAsBoolean();
    }

    /** An integer value within [min, max], or {@code defaultValue} when absent. */
    public long integer(String key, long defaultValue, long min, long max) throws ConfigException {
        if (!has(key)) {
            return defaultValue;
        }
        JsonElement value = json.get(key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw error(key, "an integer from " + min + " to " + max, value);
        }
        try {
            long n = value.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
            if (n < min || n > max) {
                throw error(key, "an integer from " + min + " to " + max, value);
            }
            return n;
        } catch (ArithmeticException e) {
            throw error(key, "an integer from " + min + " to " + max, value);
        }
    }

    /** A duration written as ISO-8601 ({@code "PT5S"}) or with a unit ({@code "500ms"}, {@code "5s"}, {@code "2m"}, {@code "1h"}). */
    public Duration duration(String key, Duration defaultValue) throws ConfigException {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(text.trim());
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                default: break;
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            // reported below
        }
        throw error(key, "a duration like \"5s\", \"500ms\" or \"PT5S\"", json.get(key));
    }

    /** A file path resolved against the config file's directory, or null when absent. */
    public Path path(String key) throws ConfigException {
        String text = string(key, null);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw error(key, "a file name", json.get(key));
        }
        return baseDir.resolve(text);
    }

    /** An array of strings, or {@code defaultValue} when absent. */
    public List<String> strings(String key, List<String> defaultValue) throws ConfigException {
        if (!has(key)) {
            return defaultValue;
        }
        JsonElement value = json.get(key);
        if (!value.isJsonArray()) {
            throw error(key, "an array of strings", value);
        }
        List<String> out = new ArrayList<>();
        JsonArray array = value.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            JsonElement item = array.get(i);
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw new ConfigException(file + ": " + name(key) + "[" + i + "]: expected a string, got " + describe(item));
            }
            out.add(item.getAsString());
        }
        return List.copyOf(out);
    }

    /** An enum written in lower case ({@code "verified"}), or {@code defaultValue} when absent. */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) throws ConfigException {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw error(key, "one of " + String.join(", ", allowed), json.get(key));
    }

    /** A nested object; an empty one when absent. */
    public ConfigObject object(String key) throws ConfigException {
        if (!has(key)) {
            return new ConfigObject(file, name(key) + ".", new JsonObject(), baseDir);
        }
        JsonElement value = json.get(key);
        if (!value.isJsonObject()) {
            throw error(key, "an object", value);
        }
        return new ConfigObject(file, name(key) + ".", value.getAsJsonObject(), baseDir);
    }

    /**
     * A nested object kept as JSON, for a block its own reader checks later (a device keeps its {@code tls} block as
     * written and hands it to {@code TlsOptions.fromConfig} when it connects); null when absent.
     */
    public JsonObject json(String key) throws ConfigException {
        if (!has(key)) {
            return null;
        }
        JsonElement value = json.get(key);
        if (!value.isJsonObject()) {
            throw error(key, "an object", value);
        }
        return value.getAsJsonObject().deepCopy();
    }

    /** An array of objects, each named {@code key[i]} in errors; an empty list when absent. */
    public List<ConfigObject> objects(String key) throws ConfigException {
        if (!has(key)) {
            return List.of();
        }
        JsonElement value = json.get(key);
        if (!value.isJsonArray()) {
            throw error(key, "an array of objects", value);
        }
        List<ConfigObject> out = new ArrayList<>();
        JsonArray array = value.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            JsonElement item = array.get(i);
            if (!item.isJsonObject()) {
                throw new ConfigException(file + ": " + name(key) + "[" + i + "]: expected an object, got " + describe(item));
            }
            out.add(new ConfigObject(file, name(key) + "[" + i + "].", item.getAsJsonObject(), baseDir));
        }
        return List.copyOf(out);
    }

    /**
     * Fails on every key no getter asked for.
     *
     * @throws ConfigException naming the unknown keys and the known ones
     */
    public void finish() throws ConfigException {
        Set<String> unknown = new TreeSet<>(json.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            List<String> names = new ArrayList<>();
            unknown.forEach(k -> names.add(name(k)));
            throw new ConfigException(file + ": unknown key" + (names.size() > 1 ? "s " : " ") + String.join(", ", names)
                    + " (known: " + String.join(", ", known) + ")");
        }
    }

    /** An error about {@code key}: {@code file: prefix.key: expected ..., got ...}. */
    public ConfigException error(String key, String expected, JsonElement got) {
        return new ConfigException(file + ": " + name(key) + ": expected " + expected + ", got " + describe(got));
    }

    /** An error about {@code key} with free text: {@code file: prefix.key: text}. */
    public ConfigException error(String key, String text) {
        return new ConfigException(file + ": " + name(key) + ": " + text);
    }

    /** An error about this object as a whole. */
    public ConfigException error(String text) {
        String where = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1) + ": ";
        return new ConfigException(file + ": " + where + text);
    }

    private String name(String key) {
        return prefix + key;
    }

    static String describe(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonPrimitive()) {
            JsonPrimitive p = value.getAsJsonPrimitive();
            return p.isString() ? "\"" + p.getAsString() + "\"" : p.toString();
        }
        return value.isJsonArray() ? "an array" : "an object";
    }
}
