package org.ioswitch.server.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.ExpiryPolicy;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.StoreFile;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.session.ServerOptions;

/** A server directory's {@code config.json}. */
public final class ServerConfig {
    /** The file name inside the server directory. */
    public static final String FILE_NAME = "config.json";
    /** TLS port of a home server. */
    public static final int DEFAULT_PORT = 6369;
    /** Plain TCP port of a home server, used only when enabled. */
    public static final int DEFAULT_PLAIN_PORT = 6368;
    /** How often an idle link is pinged. */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(10);
    /** How long a silent peer is tolerated. */
    public static final Duration DEFAULT_DEAD_PEER = Duration.ofSeconds(25);

    private ServerConfig() {
    }

    /**
     * The {@code network} a set-up directory serves.
     *
     * @throws ConfigException if the directory has no readable {@code config.json} with a {@code network}
     */
    public static String network(Path dir) throws ConfigException {
        JsonObject top = readObject(dir.resolve(FILE_NAME));
        JsonElement n = top.get("network");
        if (n == null || !n.isJsonPrimitive() || !n.getAsJsonPrimitive().isString()) {
            throw new ConfigException(dir.resolve(FILE_NAME) + ": network: expected a string");
        }
        return n.getAsString();
    }

    private static final Set<String> TOP_KEYS = Set.of("network", "listen", "plain", "keepalive", "tls");
    private static final Set<String> TLS_KEYS = Set.of("keychain", "certificate", "privateKey",
            "privateKeyPasswordFile", "trusted", "requiredLevel", "clientCertificates", "clientNameField",
            "verifyHostname", "expiry", "crl", "protocols", "cipherSuites");

    /**
     * Reads a directory's {@code config.json} into server options; every path is relative to the directory.
     *
     * @param portOverride a TLS port that replaces the configured one, or null
     * @throws ConfigException naming the file, the key and what was expected
     */
    public static ServerOptions read(Path dir, Integer portOverride) throws ConfigException {
        Path file = dir.resolve(FILE_NAME);
        String f = file.toString();
        JsonObject top = readObject(file);
        keys(f, "", top, TOP_KEYS);
        JsonObject listen = object(f, top, "listen");
        keys(f, "listen.", listen, Set.of("address", "port"));
        int port = portOverride != null ? portOverride : integer(f, "listen.", listen, "port", DEFAULT_PORT);
        ServerOptions.Builder b = ServerOptions.builder().dir(dir)
                .listen(text(f, "listen.", listen, "address", "127.0.0.1"), port);
        JsonObject plain = object(f, top, "plain");
        keys(f, "plain.", plain, Set.of("enabled", "address", "port"));
        if (plain.has("enabled") && bool(f, "plain.", plain, "enabled")) {
            b.plainListen(new InetSocketAddress(text(f, "plain.", plain, "address", "127.0.0.1"),
                    integer(f, "plain.", plain, "port", DEFAULT_PLAIN_PORT)));
        }
        JsonObject keepalive = object(f, top, "keepalive");
        keys(f, "keepalive.", keepalive, Set.of("interval", "deadPeer"));
        Duration interval = duration(f, "keepalive.", keepalive, "interval", DEFAULT_KEEPALIVE);
        Duration dead = duration(f, "keepalive.", keepalive, "deadPeer", DEFAULT_DEAD_PEER);
        try {
            b.link(LinkOptions.defaults().withKeepalive(interval, dead));
            return b.tls(tls(dir, f, object(f, top, "tls"))).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(f + ": " + e.getMessage(), e);
        }
    }

    private static TlsOptions tls(Path dir, String f, JsonObject o) throws ConfigException {
        keys(f, "tls.", o, TLS_KEYS);
        TlsOptions.Builder b = TlsOptions.builder();
        try {
            if (o.has("keychain")) {
                b.keychain(StoreFile.parseKeychain(text(f, "tls.", o, "keychain", null), dir));
            }
            if (o.has("certificate")) {
                b.certificate(dir.resolve(text(f, "tls.", o, "certificate", null)));
            }
            if (o.has("privateKey")) {
                b.privateKey(dir.resolve(text(f, "tls.", o, "privateKey", null)));
            }
            if (o.has("privateKeyPasswordFile")) {
                b.privateKeyPasswordFile(dir.resolve(text(f, "tls.", o, "privateKeyPasswordFile", null)));
            }
            if (o.has("trusted")) {
                b.trusted(StoreFile.parseList(text(f, "tls.", o, "trusted", null), dir));
            }
            if (o.has("requiredLevel")) {
                b.requiredLevel(SecurityLevel.valueOf(upper(text(f, "tls.", o, "requiredLevel", null))));
            }
            if (o.has("clientCertificates")) {
                b.clientCertificates(ClientCertificates.valueOf(upper(text(f, "tls.", o, "clientCertificates", null))));
            }
            if (o.has("clientNameField")) {
                b.clientNameField(text(f, "tls.", o, "clientNameField", null));
            }
            if (o.has("verifyHostname")) {
                b.verifyHostname(bool(f, "tls.", o, "verifyHostname"));
            }
            if (o.has("expiry")) {
                b.expiry(ExpiryPolicy.valueOf(upper(text(f, "tls.", o, "expiry", null))));
            }
            if (o.has("crl")) {
                b.crl(dir.resolve(text(f, "tls.", o, "crl", null)));
            }
            if (o.has("protocols")) {
                b.protocols(strings(f, "tls.", o, "protocols"));
            }
            if (o.has("cipherSuites")) {
                b.cipherSuites(strings(f, "tls.", o, "cipherSuites"));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(f + ": tls: " + e.getMessage(), e);
        }
    }

    private static String upper(String s) {
        return s.toUpperCase(java.util.Locale.ROOT);
    }

    private static void keys(String f, String prefix, JsonObject o, Set<String> known) throws ConfigException {
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new ConfigException(f + ": " + prefix + k + ": unknown key, expected one of "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    private static JsonObject object(String f, JsonObject o, String key) throws ConfigException {
        JsonElement e = o.get(key);
        if (e == null) {
            return new JsonObject();
        }
        if (!e.isJsonObject()) {
            throw new ConfigException(f + ": " + key + ": expected an object");
        }
        return e.getAsJsonObject();
    }

    private static String text(String f, String prefix, JsonObject o, String key, String dflt)
            throws ConfigException {
        JsonElement e = o.get(key);
        if (e == null) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ConfigException(f + ": " + prefix + key + ": expected a string, got " + e);
        }
        return e.getAsString();
    }

    private static boolean bool(String f, String prefix, JsonObject o, String key) throws ConfigException {
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new ConfigException(f + ": " + prefix + key + ": expected true or false, got " + e);
        }
        return e.getAsBoolean();
    }

    private static int integer(String f, String prefix, JsonObject o, String key, int dflt) throws ConfigException {
        JsonElement e = o.get(key);
        if (e == null) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !e.getAsString().matches("\\d{1,5}")
                || e.getAsInt() > 65535) {
            throw new ConfigException(f + ": " + prefix + key + ": expected a port 0..65535, got " + e);
        }
        return e.getAsInt();
    }

    private static java.util.List<String> strings(String f, String prefix, JsonObject o, String key)
            throws ConfigException {
        JsonElement e = o.get(key);
        java.util.List<String> out = new java.util.ArrayList<>();
        if (e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                if (item.isJsonPrimitive() && item.getAsJsonPrimitive().isString()) {
                    out.add(item.getAsString());
                    continue;
                }
                throw new ConfigException(f + ": " + prefix + key + ": expected strings, got " + item);
            }
            return out;
        }
        throw new ConfigException(f + ": " + prefix + key + ": expected an array of strings, got " + e);
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}. */
    private static Duration duration(String f, String prefix, JsonObject o, String key, Duration dflt)
            throws ConfigException {
        String s = text(f, prefix, o, key, null);
        if (s == null) {
            return dflt;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(s);
        if (!m.matches()) {
            throw new ConfigException(f + ": " + prefix + key + ": expected a duration like 10s, 500ms or 2m, got \""
                    + s + "\"");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    static JsonObject readObject(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file (run `ioswitch server init` first)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = JsonParser.parseReader(reader);
            if (!root.isJsonObject()) {
                throw new ConfigException(file + ": expected a JSON object");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ConfigException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
