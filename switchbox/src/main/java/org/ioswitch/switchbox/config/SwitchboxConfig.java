package org.ioswitch.switchbox.config;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.StoreFile;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.switchbox.SwitchboxOptions;

/**
 * Reads {@code config.json} onto {@link SwitchboxOptions}; every path is relative to the config file:
 * <pre>
 * {"bind": "0.0.0.0", "port": 6372, "accounts": "accounts.json",
 *  "tls": {"certificate": "switchbox.crt", "privateKey": "switchbox.key", "trusted": "iocafe-root.crt",
 *          "requiredLevel": "tls", "clientCertificates": "optional"},
 *  "limits": {"helloTimeoutMillis": 10000, "idleTimeoutSeconds": 600, "maxStreamsPerTunnel": 1024,
 *             "maxPendingOpens": 64, "maxFrameSize": 65536, "keepaliveIntervalSeconds": 15,
 *             "keepaliveTimeoutSeconds": 45}}
 * </pre>
 * The {@code tls} block takes the DESIGN §4 names this listener uses (keychain, certificate, privateKey,
 * privateKeyPasswordFile, trusted, requiredLevel, clientCertificates, clientNameField, crl).
 */
public final class SwitchboxConfig {
    private SwitchboxConfig() {}

    /**
     * The options in {@code file}.
     *
     * @throws ConfigException naming the file, the key and what was expected
     */
    public static SwitchboxOptions load(Path file) throws ConfigException {
        JsonObject root = Json.read(file);
        Json json = Json.of(file);
        Path base = file.toAbsolutePath().getParent();
        json.onlyKeys(root, "", Set.of("bind", "port", "accounts", "tls", "limits"));
        SwitchboxOptions.Builder b = SwitchboxOptions.builder()
                .bind(json.string(root, "", "bind", "0.0.0.0"))
                .port((int) json.number(root, "", "port", SwitchboxOptions.DEFAULT_PORT, 0, 65535))
                .accountsFile(base.resolve(json.string(root, "", "accounts", "accounts.json")))
                .tls(tls(json, json.object(root, "", "tls"), base));
        JsonObject limits = json.object(root, "", "limits");
        String l = "limits.";
        json.onlyKeys(limits, l, Set.of("helloTimeoutMillis", "idleTimeoutSeconds", "maxStreamsPerTunnel",
                "maxPendingOpens", "maxFrameSize", "keepaliveIntervalSeconds", "keepaliveTimeoutSeconds"));
        long max = Integer.MAX_VALUE;
        b.helloTimeout(Duration.ofMillis(json.number(limits, l, "helloTimeoutMillis", 10_000, 1, max)))
                .idleTimeout(Duration.ofSeconds(json.number(limits, l, "idleTimeoutSeconds", 600, 1, max)))
                .maxStreamsPerTunnel((int) json.number(limits, l, "maxStreamsPerTunnel",
                        SwitchboxOptions.DEFAULT_MAX_STREAMS_PER_TUNNEL, 1, max))
                .maxPendingOpens((int) json.number(limits, l, "maxPendingOpens",
                        SwitchboxOptions.DEFAULT_MAX_PENDING_OPENS, 1, max))
                .maxFrameSize((int) json.number(limits, l, "maxFrameSize", 65536, 4096, 16 * 1024 * 1024))
                .keepaliveInterval(Duration.ofSeconds(json.number(limits, l, "keepaliveIntervalSeconds", 15, 1, max)))
                .keepaliveTimeout(Duration.ofSeconds(json.number(limits, l, "keepaliveTimeoutSeconds", 45, 2, max)));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.getFileName() + ": " + e.getMessage());
        }
    }

    private static TlsOptions tls(Json json, JsonObject tls, Path base) throws ConfigException {
        String t = "tls.";
        json.onlyKeys(tls, t, Set.of("keychain", "certificate", "privateKey", "privateKeyPasswordFile", "trusted",
                "requiredLevel", "clientCertificates", "clientNameField", "crl"));
        TlsOptions.Builder b = TlsOptions.builder();
        String keychain = json.string(tls, t, "keychain", null);
        try {
            if (keychain != null) {
                b.keychain(StoreFile.parseKeychain(keychain, base));
            }
            String certificate = json.string(tls, t, "certificate", null);
            if (certificate != null) {
                b.certificate(base.resolve(certificate));
            }
            String key = json.string(tls, t, "privateKey", null);
            if (key != null) {
                b.privateKey(base.resolve(key));
            }
            String pass = json.string(tls, t, "privateKeyPasswordFile", null);
            if (pass != null) {
                b.privateKeyPasswordFile(base.resolve(pass));
            }
            String trusted = json.string(tls, t, "trusted", null);
            if (trusted != null) {
                b.trusted(StoreFile.parseList(trusted, base));
            }
            b.requiredLevel(level(json.string(tls, t, "requiredLevel", "tls")));
            b.clientCertificates(clientCertificates(json.string(tls, t, "clientCertificates", "optional")));
            b.clientNameField(json.string(tls, t, "clientNameField", TlsOptions.DEFAULT_CLIENT_NAME_FIELD));
            String crl = json.string(tls, t, "crl", null);
            if (crl != null) {
                b.crl(base.resolve(crl));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config.json: tls." + e.getMessage());
        }
    }

    private static SecurityLevel level(String value) {
        try {
            return SecurityLevel.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("requiredLevel: expected none, tls or verified, got \"" + value + "\"");
        }
    }

    private static ClientCertificates clientCertificates(String value) {
        try {
            return ClientCertificates.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("clientCertificates: expected none, optional or require, got \""
                    + value + "\"");
        }
    }
}
