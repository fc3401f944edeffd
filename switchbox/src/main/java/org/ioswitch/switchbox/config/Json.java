package org.ioswitch.switchbox.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Strict reading of small JSON objects: unknown keys and wrong types are errors naming the file and the key. */
public final class Json {
    private final Path file;

    private Json(Path file) {
        this.file = file;
    }

    /** Reads {@code file} as one JSON object. */
    public static JsonObject read(Path file) throws ConfigException {
        try {
            JsonReader reader = new JsonReader(new StringReader(Files.readString(file)));
            reader.setStrictness(com.google.gson.Strictness.STRICT);
            JsonElement root = JsonParser.parseReader(reader);
            if (!root.isJsonObject()) {
                throw new ConfigException(file + ": expected a JSON object");
            }
            return root.getAsJsonObject();
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new ConfigException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A checker for objects read from {@code file}. */
    public static Json of(Path file) {
        return new Json(file);
    }

    /** Refuses keys not in {@code allowed}. */
    public void onlyKeys(JsonObject o, String where, Set<String> allowed) throws ConfigException {
        for (String key : o.keySet()) {
            if (!allowed.contains(key)) {
                throw new ConfigException(file.getFileName() + ": " + where + key + ": unknown key, expected one of "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    /** A string value, or {@code fallback} when the key is absent. */
    public String string(JsonObject o, String where, String key, String fallback) throws ConfigException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ConfigException(file.getFileName() + ": " + where + key + ": expected a string, got " + e);
        }
        return e.getAsString();
    }

    /** An integer value in {@code min..max}, or {@code fallback} when the key is absent. */
    public long number(JsonObject o, String where, String key, long fallback, long min, long max)
            throws ConfigException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        try {
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                long v = e.getAsBigDecimal().longValueExact();
                if (v >= min && v <= max) {
                    return v;
                }
            }
        } catch (ArithmeticException ignored) {
            // falls through to the error below
        }
        throw new ConfigException(file.getFileName() + ": " + where + key + ": expected an integer " + min + ".."
                + max + ", got " + e);
    }

    /** A list of strings, or {@code fallback} when the key is absent. */
    public List<String> strings(JsonObject o, String where, String key, List<String> fallback)
            throws ConfigException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonArray()) {
            throw new ConfigException(file.getFileName() + ": " + where + key + ": expected an array of strings, got "
                    + e);
        }
        List<String> out = new ArrayList<>();
        JsonArray a = e.getAsJsonArray();
        for (JsonElement item : a) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw new ConfigException(file.getFileName() + ": " + where + key + ": expected an array of strings,"
                        + " got " + item);
            }
            out.add(item.getAsString());
        }
        return out;
    }

    /** A nested object, or an empty one when the key is absent. */
    public JsonObject object(JsonObject o, String where, String key) throws ConfigException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return new JsonObject();
        }
        if (!e.isJsonObject()) {
            throw new ConfigException(file.getFileName() + ": " + where + key + ": expected an object, got " + e);
        }
        return e.getAsJsonObject();
    }
}
