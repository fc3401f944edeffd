package org.ioswitch.common.block;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Signal layouts of a device's blocks, read from and written to iocom's {@code signals.json} layout:
 * <pre>{"mblk":[{"name":"exp","groups":[{"name":"inputs","signals":[{"name":"counter","type":"uint"}]}]}]}</pre>
 * Addresses are assigned in JSON order from 0; each signal advances the cursor by its total size (state byte
 * included); an explicit {@code "addr"} moves the cursor; a missing {@code "type"} is the previous signal's type in
 * the block ({@code ushort} for the first); {@code "array"} gives n; a block is max(end, 24) bytes, or its
 * {@code "size"} if bigger. A signal's {@code "min"} and {@code "max"} bound what a writer from above may set (the
 * device refuses the write otherwise); {@code "reset": true} on a block or a signal makes that output start from its
 * default at every device start instead of its last applied value. Other keys (title, unit, digs, pflag, ...) are
 * ignored.
 *
 * @param blocks the blocks in JSON order
 */
public record SignalMap(List<BlockMap> blocks) {
    /** Largest block a signal map may describe, matching {@code WireLimits} default maximum block size. */
    public static final int MAX_BLOCK_SIZE = 1024 * 1024;

    /** Copies the list and checks block names are unique. */
    public SignalMap {
        blocks = List.copyOf(blocks);
        Set<String> names = new HashSet<>();
        for (BlockMap b : blocks) {
            if (!names.add(b.name())) {
                throw new IllegalArgumentException("duplicate block " + b.name());
            }
        }
    }

    /** The block of that name, or null. */
    public BlockMap block(String name) {
        for (BlockMap b : blocks) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }

    /** Reads a signal map file; errors name the file, block and signal. */
    public static SignalMap load(Path file) throws SignalMapException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SignalMapException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(json, file.getFileName().toString());
    }

    /** Parses signal map JSON; {@code source} names it in errors (a file name, or e.g. "info block of gina3"). */
    public static SignalMap parse(String json, String source) throws SignalMapException {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new SignalMapException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new SignalMapException(source + ": expected a JSON object with \"mblk\"");
        }
        JsonArray mblks = array(root.getAsJsonObject(), "mblk", source);
        List<BlockMap> blocks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < mblks.size(); i++) {
            String where = source + ": mblk[" + i + "]";
            JsonObject mblk = object(mblks.get(i), where);
            String name = string(mblk, "name", where, true);
            where = source + ": mblk \"" + name + "\"";
            if (!names.add(name)) {
                throw new SignalMapException(where + ": duplicate block name");
            }
            blocks.add(parseBlock(mblk, name, where));
        }
        return new SignalMap(blocks);
    }

    private static BlockMap parseBlock(JsonObject mblk, String name, String where) throws SignalMapException {
        JsonArray groupsJson = array(mblk, "groups", where);
        List<SignalGroup> groups = new ArrayList<>();
        List<Signal> all = new ArrayList<>();
        Set<String> signalNames = new HashSet<>();
        SignalType current = SignalType.USHORT;
        long cursor = 0;
        long end = 0;
        for (int g = 0; g < groupsJson.size(); g++) {
            JsonObject group = object(groupsJson.get(g), where + " group[" + g + "]");
            String groupName = string(group, "name", where + " group[" + g + "]", true);
            JsonArray signalsJson = array(group, "signals", where + " group \"" + groupName + "\"");
            List<Signal> signals = new ArrayList<>();
            for (int s = 0; s < signalsJson.size(); s++) {
                String at = where + " group \"" + groupName + "\" signal[" + s + "]";
                JsonObject sj = object(signalsJson.get(s), at);
                String signalName = string(sj, "name", at, true);
                at = where + " signal \"" + signalName + "\"";
                if (!signalNames.add(signalName)) {
                    throw new SignalMapException(at + ": duplicate signal name");
                }
                String typeName = string(sj, "type", at, false);
                if (typeName != null) {
                    current = SignalType.ofJsonName(typeName);
                    if (current == null) {
                        throw new SignalMapException(at + ": unknown type \"" + typeName + "\", expected one of "
                                + SignalType.jsonNames());
                    }
                }
                Long addr = integer(sj, "addr", at, 0, MAX_BLOCK_SIZE);
                if (addr != null) {
                    cursor = addr;
                }
                Long n = integer(sj, "array", at, 1, MAX_BLOCK_SIZE);
                Double min = number(sj, "min", at);
                Double max = number(sj, "max", at);
                if (min != null && max != null && min > max) {
                    throw new SignalMapException(at + ": \"min\" " + min + " is above \"max\" " + max);
                }
                Signal signal = new Signal(signalName, current, (int) cursor, n == null ? 1 : n.intValue(), min, max,
                        bool(sj, "reset", at));
                if (signal.end() > MAX_BLOCK_SIZE) {
                    throw new SignalMapException(at + ": ends at " + signal.end() + ", beyond the largest block "
                            + MAX_BLOCK_SIZE);
                }
                cursor = signal.end();
                end = Math.max(end, cursor);
                signals.add(signal);
                all.add(signal);
            }
            groups.add(new SignalGroup(groupName, signals));
        }
        checkOverlaps(all, where);
        Long explicit = integer(mblk, "size", where, 1, MAX_BLOCK_SIZE);
        int size = (int) Math.max(Math.max(end, BlockMap.MIN_SIZE), explicit == null ? 0 : explicit);
        return new BlockMap(name, size, groups, bool(mblk, "reset", where));
    }

    private static Double number(JsonObject o, String key, String where) throws SignalMapException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && Double.isFinite(e.getAsDouble())) {
            return e.getAsDouble();
        }
        throw new SignalMapException(where + ": \"" + key + "\" expected a number, got " + e);
    }

    private static boolean bool(JsonObject o, String key, String where) throws SignalMapException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        throw new SignalMapException(where + ": \"" + key + "\" expected true or false, got " + e);
    }

    private static void checkOverlaps(List<Signal> signals, String where) throws SignalMapException {
        List<Signal> sorted = new ArrayList<>(signals);
        sorted.sort(Comparator.comparingInt(Signal::addr));
        for (int i = 1; i < sorted.size(); i++) {
            Signal a = sorted.get(i - 1);
            Signal b = sorted.get(i);
            if (b.addr() < a.end()) {
                throw new SignalMapException(where + " signal \"" + b.name() + "\": addr " + b.addr()
                        + " overlaps signal \"" + a.name() + "\" at " + a.addr() + ".." + (a.end() - 1));
            }
        }
    }

    private static JsonArray array(JsonObject o, String key, String where) throws SignalMapException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new SignalMapException(where + ": \"" + key + "\" " + (e == null ? "is missing" : "is not an array")
                    + ", expected an array");
        }
        return e.getAsJsonArray();
    }

    private static JsonObject object(JsonElement e, String where) throws SignalMapException {
        if (!e.isJsonObject()) {
            throw new SignalMapException(where + ": expected an object, got " + e);
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String key, String where, boolean required) throws SignalMapException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new SignalMapException(where + ": \"" + key + "\" is missing, expected a string");
            }
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isEmpty()) {
            throw new SignalMapException(where + ": \"" + key + "\" expected a non-empty string, got " + e);
        }
        return e.getAsString();
    }

    private static Long integer(JsonObject o, String key, String where, long min, long max) throws SignalMapException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            double d = e.getAsDouble();
            if (d == Math.rint(d) && d >= min && d <= max) {
                return (long) d;
            }
        }
        throw new SignalMapException(where + ": \"" + key + "\" expected an integer " + min + ".." + max + ", got " + e);
    }

    /**
     * This map as {@code signals.json} text (compact), as a device publishes it in its {@code info} block. Types are
     * written for every signal; {@code addr} only where it differs from the running cursor; {@code size} only where
     * it is bigger than the signals need. Reading the text back gives an equal map.
     */
    public String toJson() {
        JsonArray mblks = new JsonArray();
        for (BlockMap b : blocks) {
            JsonObject mblk = new JsonObject();
            mblk.addProperty("name", b.name());
            long cursor = 0;
            long end = 0;
            JsonArray groups = new JsonArray();
            for (SignalGroup g : b.groups()) {
                JsonObject group = new JsonObject();
                group.addProperty("name", g.name());
                JsonArray signals = new JsonArray();
                for (Signal s : g.signals()) {
                    JsonObject sj = new JsonObject();
                    sj.addProperty("name", s.name());
                    sj.addProperty("type", s.type().jsonName());
                    if (s.addr() != cursor) {
                        sj.add("addr", new JsonPrimitive(s.addr()));
                    }
                    if (s.n() > 1) {
                        sj.add("array", new JsonPrimitive(s.n()));
                    }
                    if (s.min() != null) {
                        sj.add("min", new JsonPrimitive(s.min()));
                    }
                    if (s.max() != null) {
                        sj.add("max", new JsonPrimitive(s.max()));
                    }
                    if (s.reset()) {
                        sj.addProperty("reset", true);
                    }
                    cursor = s.end();
                    end = Math.max(end, cursor);
                    signals.add(sj);
                }
                group.add("signals", signals);
                groups.add(group);
            }
            if (b.size() > Math.max(end, BlockMap.MIN_SIZE)) {
                mblk.addProperty("size", b.size());
            }
            if (b.reset()) {
                mblk.addProperty("reset", true);
            }
            mblk.add("groups", groups);
            mblks.add(mblk);
        }
        JsonObject root = new JsonObject();
        root.add("mblk", mblks);
        return root.toString();
    }
}
