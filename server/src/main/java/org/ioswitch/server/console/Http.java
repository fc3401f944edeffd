package org.ioswitch.server.console;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** What every console response shares: the security headers, JSON in and out, errors, cookies. */
final class Http {
    /**
     * Scripts and styles from this origin only, no inline code, nothing embedded elsewhere, no forms to other sites.
     * The page is plain files of this jar, so nothing else is ever needed.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** Largest request body accepted: a login, an account, a value. */
    static final int MAX_BODY = 16 * 1024;
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Http() {
    }

    /** The headers every response carries, the page's and the API's alike. */
    static void secure(HttpExchange ex) {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        h.set("Strict-Transport-Security", "max-age=31536000");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
    }

    /** Sends {@code body} (a record or a Gson tree) as JSON. */
    static void json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(ex, status, bytes);
    }

    /** Sends {@code {"error": "...", "field": "..."}}. */
    static void error(HttpExchange ex, int status, String message, String field) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        if (field != null) {
            o.addProperty("field", field);
        }
        json(ex, status, o);
    }

    static void send(HttpExchange ex, int status, byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Reads the whole request body (at most {@link #MAX_BODY} bytes) before anything is answered. An answer sent
     * while the client is still sending makes the JDK's client stop sending: the server would then read its next
     * request as the rest of this body and the connection would hang. So every handler calls this first.
     */
    static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readNBytes(MAX_BODY + 1);
        }
    }

    /**
     * Parses a JSON object body read by {@link #readBody}: only {@code application/json} (a cross-site form cannot
     * send that without a CORS preflight, which this server never answers), at most {@link #MAX_BODY} bytes.
     */
    static JsonObject body(HttpExchange ex, byte[] bytes) throws ApiException {
        String type = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "expected Content-Type application/json, got "
                    + (type.isEmpty() ? "none" : type));
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiException(413, "request body exceeds " + MAX_BODY + " bytes");
        }
        try {
            var e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new ApiException(400, "expected a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ApiException(400, "request body is not JSON: " + e.getMessage());
        }
    }

    /** A string member of a request body; missing or not a string is an error naming the field. */
    static String string(JsonObject o, String field) throws ApiException {
        var e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ApiException(400, field + ": expected a string", field);
        }
        return e.getAsString();
    }

    /** An optional string member, empty when absent. */
    static Optional<String> optionalString(JsonObject o, String field) throws ApiException {
        return o.has(field) && !o.get(field).isJsonNull() ? Optional.of(string(o, field)) : Optional.empty();
    }

    /** The value of cookie {@code name}, if the request carries it. */
    static Optional<String> cookie(HttpExchange ex, String name) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(name + "=")) {
                    return Optional.of(p.substring(name.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** The client's IP address, for throttling and logs. */
    static String peer(HttpExchange ex) {
        return ex.getRemoteAddress().getAddress().getHostAddress();
    }
}
