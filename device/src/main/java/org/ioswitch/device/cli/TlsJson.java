package org.ioswitch.device.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.ExpiryPolicy;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.StoreFile;
import org.ioswitch.common.tls.TlsOptions;

/**
 * Maps a {@code tls} JSON object (DESIGN §4 names) onto {@link TlsOptions}; paths resolve against the config's
 * directory. Strict: an unknown key or a wrong value is an error naming the source and the key. This belongs in
 * {@code common.config} once that lands there.
 */
final class TlsJson {
    private static final Set<String> KEYS = Set.of("keychain", "certificate", "privateKey", "privateKeyPasswordFile",
            "trusted", "requiredLevel", "clientCertificates", "clientNameField", "verifyHostname", "expiry", "crl",
            "protocols", "cipherSuites");

    private TlsJson() {
    }

    /**
     * The options in {@code tls} over {@code defaults}.
     *
     * @throws IllegalArgumentException naming {@code source}, the key and what was expected
     */
    static TlsOptions toOptions(JsonObject tls, Path baseDir, TlsOptions.Builder defaults, String source) {
        TlsOptions.Builder b = defaults;
        for (String key : tls.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(source + ": tls." + key + ": unknown key, expected one of " + KEYS);
            }
            JsonElement v = tls.get(key);
            String where = source + ": tls." + key + ": ";
            try {
                switch (key) {
                    case "keychain" -> {
                        List<StoreFile> files = StoreFile.parseList(text(v, where), baseDir);
                        if (files.size() != 1 || files.get(0).password() == null) {
                            throw new IllegalArgumentException("expected \"path;password\", got \"" + text(v, where) + "\"");
                        }
                        b.keychain(files.get(0));
                    }
                    case "certificate" -> b.certificate(baseDir.resolve(text(v, where)));
                    case "privateKey" -> b.privateKey(baseDir.resolve(text(v, where)));
                    case "privateKeyPasswordFile" -> b.privateKeyPasswordFile(baseDir.resolve(text(v, where)));
                    case "trusted" -> b.trusted(StoreFile.parseList(text(v, where), baseDir));
                    case "requiredLevel" -> b.requiredLevel(enumValue(SecurityLevel.class, v, where));
                    case "clientCertificates" -> b.clientCertificates(enumValue(ClientCertificates.class, v, where));
                    case "clientNameField" -> b.clientNameField(text(v, where));
                    case "verifyHostname" -> {
                        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
                            throw new IllegalArgumentException("expected true or false, got " + v);
                        }
                        b.verifyHostname(v.getAsBoolean());
                    }
                    case "expiry" -> b.expiry(enumValue(ExpiryPolicy.class, v, where));
                    case "crl" -> b.crl(baseDir.resolve(text(v, where)));
                    case "protocols" -> b.protocols(list(v, where));
                    case "cipherSuites" -> b.cipherSuites(list(v, where));
                    default -> throw new IllegalStateException(key);
                }
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                throw new IllegalArgumentException(m != null && m.startsWith(source) ? m : where + m, e);
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": tls: " + e.getMessage(), e);
        }
    }

    private static String text(JsonElement v, String where) {
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("expected a string, got " + v);
        }
        return v.getAsString();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonElement v, String where) {
        String t = text(v, where);
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(t)) {
                return e;
            }
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("expected one of " + names + ", got \"" + t + "\"");
    }

    private static List<String> list(JsonElement v, String where) {
        List<String> out = new ArrayList<>();
        if (v.isJsonArray()) {
            for (JsonElement e : (JsonArray) v) {
                out.add(text(e, where));
            }
        } else {
            for (String s : text(v, where).split(",")) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
