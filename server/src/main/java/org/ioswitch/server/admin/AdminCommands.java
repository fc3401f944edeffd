package org.ioswitch.server.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.pairing.KnownDevice;
import org.ioswitch.server.pairing.Pairing;
import org.ioswitch.server.pairing.PairingException;
import org.ioswitch.server.pairing.PairingStateException;
import org.ioswitch.server.pairing.PairingStatus;
import org.ioswitch.server.pairing.PendingDevice;

/**
 * What the admin channel can do, one JSON object in, one out. Requests:
 * <pre>
 *   {"command": "devices"}                              pending and paired devices, the pairing window
 *   {"command": "approve", "name": "gina", "code": "482193"}
 *   {"command": "reject", "name": "gina"}
 *   {"command": "pairing-open", "minutes": 10}
 *   {"command": "pairing-close"}
 *   {"command": "pairing-status"}                       open or closed (by whom), attempts used, wrong codes
 * </pre>
 * Answers carry {@code "ok"} and a {@code "message"}; every request is written to the {@link AuditLog}.
 */
public final class AdminCommands {
    /** The longest pairing window an admin may open. */
    public static final Duration MAX_WINDOW = Duration.ofHours(24);

    private final Pairing pairing;
    private final AccountStore accounts;
    private final AuditLog audit;
    private final Predicate<String> online;

    /**
     * Commands over a server's pairing state and accounts.
     *
     * @param online whether a device id ({@code gina4.pekkahome}) is connected now, for the device list
     */
    public AdminCommands(Pairing pairing, AccountStore accounts, AuditLog audit, Predicate<String> online) {
        this.pairing = Objects.requireNonNull(pairing, "pairing");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.online = Objects.requireNonNull(online, "online");
    }

    /** Runs one request for the OS user {@code who}; never throws for a bad request, it answers with the reason. */
    public JsonObject handle(JsonObject request, String who) {
        String command = string(request, "command");
        String name = string(request, "name");
        JsonObject answer;
        try {
            answer = switch (command) {
                case "devices" -> devices();
                case "approve" -> approve(name, string(request, "code"), who);
                case "reject" -> reject(name, who);
                case "pairing-open" -> open(request);
                case "pairing-close" -> close(who);
                case "pairing-status" -> status();
                default -> throw new IllegalArgumentException("unknown command \"" + command
                        + "\", expected devices, approve, reject, pairing-open, pairing-close or pairing-status");
            };
            answer.addProperty("ok", true);
        } catch (PairingException | PairingStateException | IllegalArgumentException e) {
            answer = new JsonObject();
            answer.addProperty("ok", false);
            answer.addProperty("message", e.getMessage());
        }
        if (!command.equals("devices") && !command.equals("pairing-status")) {
            audit.append(who, command.isEmpty() ? "?" : command, name, answer.get("ok").getAsBoolean(),
                    answer.get("message").getAsString());
        }
        return answer;
    }

    private JsonObject devices() {
        JsonObject o = new JsonObject();
        Optional<Instant> until = pairing.openUntil();
        o.addProperty("message", until.isEmpty() ? "pairing is closed"
                : until.get().equals(Instant.MAX) ? "pairing is open (auto-approve)" : "pairing is open until "
                + seconds(until.get()));
        until.filter(u -> !u.equals(Instant.MAX)).ifPresent(u -> o.addProperty("openUntil", u.toString()));
        o.addProperty("pairingOpen", until.isPresent());
        JsonArray pending = new JsonArray();
        Map<String, Integer> wrongCodes = pairing.status().wrongCodes();
        for (PendingDevice p : pairing.pending()) {
            JsonObject e = new JsonObject();
            e.addProperty("requestedId", p.requestedId());
            e.addProperty("name", p.name());
            e.addProperty("boardType", p.boardType());
            e.addProperty("address", p.address());
            e.addProperty("firstSeen", seconds(p.firstSeen()));
            e.addProperty("lastSeen", seconds(p.lastSeen()));
            e.addProperty("attempts", p.attempts());
            // Never the code: the admin types what the board shows and the server compares it with its own session's.
            // Copied from here, the code of a man in the middle's session would approve him (docs/pairing.md).
            e.addProperty("wrongCodes", wrongCodes.entrySet().stream().filter(w -> p.answersTo(w.getKey()))
                    .mapToInt(Map.Entry::getValue).max().orElse(0));
            pending.add(e);
        }
        Map<String, KnownDevice> paired = pairing.known().stream()
                .collect(Collectors.toMap(KnownDevice::id, Function.identity(), (a, b) -> b));
        JsonArray known = new JsonArray();
        for (Account a : accounts.list()) {
            if (a.kind() == AccountKind.DEVICE) {
                JsonObject e = new JsonObject();
                e.addProperty("id", a.qualifiedName());
                e.addProperty("online", online.test(a.qualifiedName()));
                KnownDevice k = paired.get(a.qualifiedName());
                e.addProperty("boardType", k == null ? "" : k.boardType());
                e.addProperty("paired", k == null ? "by hand" : seconds(k.approvedAt()) + " by " + k.approvedBy());
                known.add(e);
            }
        }
        o.add("pending", pending);
        o.add("devices", known);
        return o;
    }

    private JsonObject approve(String name, String code, String who) throws PairingException {
        KnownDevice d = pairing.approve(require("name", name), require("code", code), who);
        JsonObject o = new JsonObject();
        o.addProperty("message", "approved " + d.id());
        o.addProperty("id", d.id());
        return o;
    }

    private JsonObject reject(String name, String who) throws PairingException {
        List<PendingDevice> rejected = pairing.reject(require("name", name), who);
        JsonObject o = new JsonObject();
        o.addProperty("message", "rejected " + rejected.stream().map(p -> p.requestedId() + " from " + p.address())
                .collect(Collectors.joining(", ")));
        return o;
    }

    private JsonObject open(JsonObject request) throws PairingStateException {
        JsonElement m = request.get("minutes");
        if (m == null || !m.isJsonPrimitive() || !m.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("pairing-open: minutes: expected a number");
        }
        long minutes = m.getAsLong();
        if (minutes < 1 || minutes > MAX_WINDOW.toMinutes()) {
            throw new IllegalArgumentException("pairing-open: minutes: expected 1.." + MAX_WINDOW.toMinutes()
                    + ", got " + minutes);
        }
        Instant until = pairing.openWindow(Duration.ofMinutes(minutes));
        JsonObject o = new JsonObject();
        o.addProperty("message", "pairing is open until " + seconds(until));
        o.addProperty("openUntil", until.toString());
        return o;
    }

    private JsonObject status() {
        PairingStatus s = pairing.status();
        JsonObject o = new JsonObject();
        StringBuilder m = new StringBuilder();
        if (!s.open()) {
            m.append("pairing is closed");
        } else if (s.openUntil().orElseThrow().equals(Instant.MAX)) {
            m.append("pairing is open (auto-approve)");
        } else {
            m.append("pairing is open until ").append(seconds(s.openUntil().get()));
        }
        if (s.lastClosed().isPresent()) {
            m.append("\nlast closed ").append(seconds(s.lastClosed().get())).append(" by ")
                    .append(s.closedBy().orElse("?"));
        }
        m.append("\npairing attempts in this window: ").append(s.attempts()).append(" of ").append(s.maxAttempts());
        m.append("\npending devices: ").append(s.pending());
        s.wrongCodes().forEach((name, n) -> m.append("\nwrong codes for ").append(name).append(": ").append(n)
                .append(" of ").append(s.maxWrongCodes()).append(n >= s.maxWrongCodes() ? " (approving it is refused "
                        + "until pairing is opened again)" : ""));
        o.addProperty("message", m.toString());
        o.addProperty("pairingOpen", s.open());
        s.openUntil().filter(u -> !u.equals(Instant.MAX)).ifPresent(u -> o.addProperty("openUntil", u.toString()));
        s.lastClosed().ifPresent(t -> o.addProperty("lastClosed", t.toString()));
        s.closedBy().ifPresent(b -> o.addProperty("closedBy", b));
        o.addProperty("attempts", s.attempts());
        o.addProperty("maxAttempts", s.maxAttempts());
        o.addProperty("pending", s.pending());
        JsonObject wrong = new JsonObject();
        s.wrongCodes().forEach(wrong::addProperty);
        o.add("wrongCodes", wrong);
        o.addProperty("maxWrongCodes", s.maxWrongCodes());
        return o;
    }

    private JsonObject close(String who) throws PairingStateException {
        pairing.closeWindow("admin " + who);
        JsonObject o = new JsonObject();
        o.addProperty("message", "pairing is closed");
        return o;
    }

    /** Times for people: to the second. */
    private static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String require(String key, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + ": expected a non-empty string");
        }
        return value;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : "";
    }
}
