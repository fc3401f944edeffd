package org.ioswitch.server.pairing;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ioswitch.certs.pem.SecureFiles;

/**
 * The {@code pairing.json} layout:
 * <pre>
 * { "openUntil": "2026-11-25T10:00:00Z",            (absent: pairing closed)
 *   "pending": [ { "network", "requestedId", "boardType", "address", "firstSeen", "lastSeen", "attempts",
 *                  "code", "secretId", "secretHash", "wrongCodes" } ],
 *   "devices": [ { "network", "name", "secretId", "boardType", "approvedAt", "approvedBy" } ],
 *   "rejected": [ { "secretId", "until" } ] }                (refused until then, without a new pending entry)
 * </pre>
 */
final class PairingJson {
    /** What the file holds. */
    record State(Instant openUntil, List<PendingDevice> pending, List<KnownDevice> known,
                 Map<String, Instant> rejected) {
    }

    private PairingJson() {
    }

    /** The state in {@code file}; a missing file is a new directory: closed, nothing pending, nothing paired. */
    static State read(Path file) throws PairingStateException {
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return new State(null, List.of(), List.of(), Map.of());
        } catch (IOException e) {
            throw new PairingStateException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Writes the state atomically and owner-only: it holds secret hashes and peer addresses. */
    static void write(Path file, State state) throws PairingStateException {
        try {
            SecureFiles.writeAtomically(file, format(state), true);
        } catch (IOException e) {
            throw new PairingStateException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    static State parse(String source, byte[] bytes) throws PairingStateException {
        try {
            JsonReader reader = new JsonReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = JsonParser.parseReader(reader);
            if (!root.isJsonObject()) {
                throw new PairingStateException(source + ": expected a JSON object");
            }
            JsonObject top = root.getAsJsonObject();
            Instant openUntil = top.has("openUntil") ? instant(source, top, "openUntil") : null;
            List<PendingDevice> pending = new ArrayList<>();
            int i = 0;
            for (JsonElement e : array(source, top, "pending")) {
                String at = source + ": pending[" + i++ + "]";
                JsonObject o = object(at, e);
                pending.add(new PendingDevice(text(at, o, "network"), text(at, o, "requestedId"),
                        text(at, o, "boardType"), text(at, o, "address"), instant(at, o, "firstSeen"),
                        instant(at, o, "lastSeen"), number(at, o, "attempts"), text(at, o, "code"),
                        text(at, o, "secretId"), text(at, o, "secretHash"), number(at, o, "wrongCodes")));
            }
            List<KnownDevice> known = new ArrayList<>();
            i = 0;
            for (JsonElement e : array(source, top, "devices")) {
                String at = source + ": devices[" + i++ + "]";
                JsonObject o = object(at, e);
                known.add(new KnownDevice(text(at, o, "network"), text(at, o, "name"), text(at, o, "secretId"),
                        text(at, o, "boardType"), instant(at, o, "approvedAt"), text(at, o, "approvedBy")));
            }
            Map<String, Instant> rejected = new LinkedHashMap<>();
            i = 0;
            for (JsonElement e : array(source, top, "rejected")) {
                String at = source + ": rejected[" + i++ + "]";
                JsonObject o = object(at, e);
                rejected.put(text(at, o, "secretId"), instant(at, o, "until"));
            }
            return new State(openUntil, pending, known, rejected);
        } catch (JsonParseException | IllegalStateException | StackOverflowError e) {
            throw new PairingStateException(source + ": not valid JSON: " + e.getMessage());
        }
    }

    static byte[] format(State s) {
        JsonObject top = new JsonObject();
        if (s.openUntil() != null) {
            top.addProperty("openUntil", s.openUntil().toString());
        }
        JsonArray pending = new JsonArray();
        for (PendingDevice p : s.pending()) {
            JsonObject o = new JsonObject();
            o.addProperty("network", p.network());
            o.addProperty("requestedId", p.requestedId());
            o.addProperty("boardType", p.boardType());
            o.addProperty("address", p.address());
            o.addProperty("firstSeen", p.firstSeen().toString());
            o.addProperty("lastSeen", p.lastSeen().toString());
            o.addProperty("attempts", p.attempts());
            o.addProperty("code", p.code());
            o.addProperty("secretId", p.secretId());
            o.addProperty("secretHash", p.secretHash());
            o.addProperty("wrongCodes", p.wrongCodes());
            pending.add(o);
        }
        JsonArray devices = new JsonArray();
        for (KnownDevice k : s.known()) {
            JsonObject o = new JsonObject();
            o.addProperty("network", k.network());
            o.addProperty("name", k.name());
            o.addProperty("secretId", k.secretId());
            o.addProperty("boardType", k.boardType());
            o.addProperty("approvedAt", k.approvedAt().toString());
            o.addProperty("approvedBy", k.approvedBy());
            devices.add(o);
        }
        JsonArray rejected = new JsonArray();
        s.rejected().forEach((id, until) -> {
            JsonObject o = new JsonObject();
            o.addProperty("secretId", id);
            o.addProperty("until", until.toString());
            rejected.add(o);
        });
        top.add("pending", pending);
        top.add("devices", devices);
        top.add("rejected", rejected);
        return (new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(top) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static JsonArray array(String at, JsonObject o, String key) throws PairingStateException {
        JsonElement e = o.get(key);
        if (e == null) {
            return new JsonArray();
        }
        if (!e.isJsonArray()) {
            throw new PairingStateException(at + ": " + key + ": expected an array");
        }
        return e.getAsJsonArray();
    }

    private static JsonObject object(String at, JsonElement e) throws PairingStateException {
        if (!e.isJsonObject()) {
            throw new PairingStateException(at + ": expected an object");
        }
        return e.getAsJsonObject();
    }

    private static String text(String at, JsonObject o, String key) throws PairingStateException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new PairingStateException(at + ": " + key + ": expected a string");
        }
        return e.getAsString();
    }

    private static int number(String at, JsonObject o, String key) throws PairingStateException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new PairingStateException(at + ": " + key + ": expected a number");
        }
        return e.getAsInt();
    }

    private static Instant instant(String at, JsonObject o, String key) throws PairingStateException {
        String s = text(at, o, key);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new PairingStateException(at + ": " + key + ": expected a time like 2026-11-25T10:00:00Z, got \""
                    + s + "\"");
        }
    }
}
