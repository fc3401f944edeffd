package org.ioswitch.device.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ioswitch.common.tls.StoreFile;
import org.ioswitch.common.tls.TlsOptions;
import picocli.CommandLine.Option;

/**
 * The TLS options every connecting command takes, named as the {@code tls} settings block (DESIGN §4, §5), so a
 * user can reproduce any seed setup from the shell. They are collected as a {@code tls} JSON object, which the one
 * config mapper turns into {@code TlsOptions}.
 */
public final class TlsMixin {
    @Option(names = "--keychain", paramLabel = "PATH;PASSWORD",
            description = "PKCS#12 key and certificate chain as path;password (PVA style)")
    String keychain;

    @Option(names = "--certificate", paramLabel = "FILE",
            description = "PEM certificate (may also hold the chain and the key)")
    Path certificate;

    @Option(names = "--private-key", paramLabel = "FILE", description = "PEM private key")
    Path privateKey;

    @Option(names = "--private-key-password-file", paramLabel = "FILE",
            description = "file whose first line is the private key's password")
    Path privateKeyPasswordFile;

    @Option(names = {"--trusted", "--trust"}, paramLabel = "FILES", split = ",",
            description = "the only trusted roots: PEM files or path.p12;password, several separated by ';'")
    List<String> trusted = new ArrayList<>();

    @Option(names = "--required-level", paramLabel = "LEVEL",
            description = "what the server must show: none, tls, verified (default: verified)")
    String requiredLevel;

    @Option(names = "--no-verify-hostname", description = "do not check the server's name against its certificate")
    boolean noVerifyHostname;

    @Option(names = "--expiry", paramLabel = "POLICY",
            description = "expired or not-yet-valid certificates: off, warn, enforce (default: warn for device init/run, "
                    + "enforce for operator commands)")
    String expiry;

    @Option(names = "--crl", paramLabel = "FILE", description = "CRL issued by the organization's CA (PEM or DER)")
    Path crl;

    @Option(names = "--cipher-suites", paramLabel = "SUITE", split = ",",
            description = "allowed cipher suites, IANA or OpenSSL names, comma separated")
    List<String> cipherSuites = new ArrayList<>();

    /**
     * The options as {@link TlsOptions} over {@code defaults}; relative paths resolve against the working directory.
     *
     * @throws IllegalArgumentException naming the option and what is wrong
     */
    TlsOptions toOptions(TlsOptions.Builder defaults) {
        return TlsJson.toOptions(toJson(new JsonObject()), Path.of("").toAbsolutePath(), defaults, "command line");
    }

    /** True when any TLS option was given. */
    boolean any() {
        return keychain != null || certificate != null || privateKey != null || privateKeyPasswordFile != null
                || !trusted.isEmpty() || requiredLevel != null || noVerifyHostname || expiry != null || crl != null
                || !cipherSuites.isEmpty();
    }

    /** The trusted files as given, each made absolute. */
    List<Path> trustedPaths() {
        List<Path> out = new ArrayList<>();
        for (String spec : trusted) {
            for (String part : spec.split(";")) {
                if (!part.isBlank()) {
                    out.add(Path.of(part.trim()).toAbsolutePath());
                }
            }
        }
        return out;
    }

    /**
     * The options as a {@code tls} object over {@code base}: keys the user gave replace those of {@code base}; paths are
     * made absolute so the object means the same wherever it is read.
     */
    JsonObject toJson(JsonObject base) {
        JsonObject o = base.deepCopy();
        if (keychain != null) {
            int semi = keychain.indexOf(';');
            String path = semi < 0 ? keychain : keychain.substring(0, semi);
            o.addProperty("keychain", Path.of(path).toAbsolutePath() + (semi < 0 ? "" : keychain.substring(semi)));
        }
        if (certificate != null) {
            o.addProperty("certificate", certificate.toAbsolutePath().toString());
        }
        if (privateKey != null) {
            o.addProperty("privateKey", privateKey.toAbsolutePath().toString());
        }
        if (privateKeyPasswordFile != null) {
            o.addProperty("privateKeyPasswordFile", privateKeyPasswordFile.toAbsolutePath().toString());
        }
        if (!trusted.isEmpty()) {
            o.addProperty("trusted", absoluteTrusted());
        }
        if (requiredLevel != null) {
            o.addProperty("requiredLevel", requiredLevel.toLowerCase(Locale.ROOT));
        }
        if (noVerifyHostname) {
            o.addProperty("verifyHostname", false);
        }
        if (expiry != null) {
            o.addProperty("expiry", expiry.toLowerCase(Locale.ROOT));
        }
        if (crl != null) {
            o.addProperty("crl", crl.toAbsolutePath().toString());
        }
        if (!cipherSuites.isEmpty()) {
            JsonArray a = new JsonArray();
            cipherSuites.forEach(a::add);
            o.add("cipherSuites", a);
        }
        return o;
    }

    /** The trusted list with absolute paths; which parts are passwords is decided as the config reader decides it. */
    private String absoluteTrusted() {
        List<String> parts = new ArrayList<>();
        for (String spec : trusted) {
            for (StoreFile file : StoreFile.parseList(spec, Path.of("").toAbsolutePath())) {
                parts.add(file.path().toString());
                if (file.password() != null) {
                    parts.add(file.password());
                }
            }
        }
        return String.join(";", parts);
    }
}
