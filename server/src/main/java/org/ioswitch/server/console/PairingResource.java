package org.ioswitch.server.console;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.List;
import org.ioswitch.server.pairing.PendingDevice;

/**
 * Admins only. {@code GET /api/v1/pairing}: window, pending devices (address, board, attempts; never the code) and paired
 * devices of the admin's network; {@code POST /api/v1/pairing/open} {@code {"minutes": 10}},
 * {@code POST /api/v1/pairing/close}, {@code POST /api/v1/pairing/approve} {@code {"name": "gina", "code": "482193"}}
 * and {@code POST /api/v1/pairing/reject} {@code {"name": "gina"}}. Each action runs the admin channel's own command
 * (so the audit log has it, as {@code console:NAME}); a pending device of another network is never touched.
 */
final class PairingResource implements Resource {
    private final ConsoleBackend backend;

    PairingResource(ConsoleBackend backend) {
        this.backend = backend;
    }

    @Override
    public void handle(Request r) throws ApiException, IOException {
        List<String> p = r.path();
        if (p.isEmpty()) {
            DevicesResource.requireMethod(r, "GET");
            Http.json(r.exchange(), 200, state(r.account().network()));
            return;
        }
        DevicesResource.requireMethod(r, "POST");
        JsonObject command = new JsonObject();
        switch (p.size() == 1 ? p.get(0) : "") {
            case "open" -> {
                JsonElement minutes = r.body().get("minutes");
                command.addProperty("command", "pairing-open");
                command.add("minutes", minutes);
            }
            case "close" -> command.addProperty("command", "pairing-close");
            case "approve" -> {
                JsonObject body = r.body();
                command.addProperty("command", "approve");
                command.addProperty("name", pendingOf(r.account().network(), Http.string(body, "name")));
                command.addProperty("code", Http.string(body, "code"));
            }
            case "reject" -> {
                command.addProperty("command", "reject");
                command.addProperty("name", pendingOf(r.account().network(),
                        Http.string(r.body(), "name")));
            }
            default -> throw new ApiException(404, "no such pairing action: " + String.join("/", p)
                    + " (open, close, approve, reject)");
        }
        JsonObject answer = backend.admin().handle(command, r.actor());
        if (!answer.get("ok").getAsBoolean()) {
            String message = answer.get("message").getAsString();
            throw new ApiException(message.startsWith("wrong pairing code") ? 403 : 400, message,
                    message.startsWith("wrong pairing code") ? "code" : message.contains("minutes") ? "minutes" : null);
        }
        Http.json(r.exchange(), 200, answer);
    }

    /** The full requested id of the pending device {@code name} of {@code network}, so no other network's is hit. */
    private String pendingOf(String network, String name) throws ApiException {
        for (PendingDevice d : backend.pairing().pending()) {
            if (d.network().equals(network) && d.answersTo(name)) {
                return d.requestedId();
            }
        }
        throw new ApiException(404, "no pending device named \"" + name + "\" in " + network, "name");
    }

    /** The admin channel's device listing, narrowed to one network. */
    private JsonObject state(String network) {
        JsonObject request = new JsonObject();
        request.addProperty("command", "devices");
        JsonObject all = backend.admin().handle(request, "console");
        JsonObject out = new JsonObject();
        out.add("pairingOpen", all.get("pairingOpen"));
        out.add("message", all.get("message"));
        if (all.has("openUntil")) {
            out.add("openUntil", all.get("openUntil"));
        }
        JsonArray pending = only(all.getAsJsonArray("pending"), "requestedId", network);
        // Never the code: the admin must type what the device shows. Copying the server's own code from the page
        // would approve a man in the middle, whose session with the server has that code.
        pending.forEach(e -> e.getAsJsonObject().remove("code"));
        out.add("pending", pending);
        out.add("devices", only(all.getAsJsonArray("devices"), "id", network));
        return out;
    }

    private static JsonArray only(JsonArray entries, String idKey, String network) {
        JsonArray out = new JsonArray();
        for (JsonElement e : entries) {
            if (e.getAsJsonObject().get(idKey).getAsString().endsWith("." + network)) {
                out.add(e);
            }
        }
        return out;
    }
}
