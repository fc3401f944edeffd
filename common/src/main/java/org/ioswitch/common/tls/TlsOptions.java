package org.ioswitch.common.tls;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigObject;

/**
 * The one {@code tls} settings block (DESIGN §4) for every listener and every outgoing connection.
 *
 * @param keychain PKCS#12 key and chain ({@code path;password}, PVA style), or null
 * @param certificate PEM certificate file (may also hold the chain and the key), or null
 * @param privateKey PEM private key file, or null when the key is in {@code certificate} or there is no key
 * @param privateKeyPasswordFile file whose first line is the private key's password, or null for an unencrypted key
 * @param trusted the only roots trusted: PEM files and PKCS#12 trust stores; a pinned self-signed certificate works too
 * @param requiredLevel what this side requires of its peer
 * @param clientCertificates whether a listener asks clients for certificates ({@code VERIFIED} on a listener implies REQUIRE)
 * @param clientNameField subject field of a verified client certificate that becomes the authenticated name
 * @param verifyHostname whether a client checks the dialed name or IP against the server certificate
 * @param expiry what an expired or not-yet-valid certificate does
 * @param crl CRL file issued by the organization's CA, or null
 * @param protocols enabled protocols, TLSv1.3 and/or TLSv1.2
 * @param cipherSuites enabled suites as IANA names (OpenSSL names are accepted and mapped), in preference order
 * @param clockFloor validity is checked against the later of now and this instant (devices without a real-time clock)
 * @param clock what "now" is for validity checks: the system clock, or an injected one in tests
 */
public record TlsOptions(
        StoreFile keychain,
        Path certificate,
        Path privateKey,
        Path privateKeyPasswordFile,
        List<StoreFile> trusted,
        SecurityLevel requiredLevel,
        ClientCertificates clientCertificates,
        String clientNameField,
        boolean verifyHostname,
        ExpiryPolicy expiry,
        Path crl,
        List<String> protocols,
        List<String> cipherSuites,
        Supplier<Instant> clockFloor,
        InstantSource clock) {

    /** Default protocols: TLS 1.3 first, then 1.2. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Default suites: AES-GCM for TLS 1.3, and ECDHE-ECDSA/RSA AES-GCM for TLS 1.2; no ChaCha20. */
    public static final List<String> DEFAULT_CIPHER_SUITES = CipherSuites.DEFAULTS;
    /** Default client name field. */
    public static final String DEFAULT_CLIENT_NAME_FIELD = "CN";
    /** Subject fields that may name a client; values are the X.500 attribute OIDs. */
    static final Map<String, String> NAME_FIELDS = Map.of(
            "CN", "2.5.4.3", "O", "2.5.4.10", "OU", "2.5.4.11", "UID", "0.9.2342.19200300.100.1.1",
            "EMAILADDRESS", "1.2.840.113549.1.9.1", "SERIALNUMBER", "2.5.4.5", "L", "2.5.4.7", "C", "2.5.4.6");
    private static final Supplier<Instant> NO_FLOOR = () -> Instant.EPOCH;

    /** Checks every field and names the one that is wrong. */
    public TlsOptions {
        trusted = List.copyOf(Objects.requireNonNull(trusted, "trusted"));
        Objects.requireNonNull(requiredLevel, "requiredLevel");
        Objects.requireNonNull(clientCertificates, "clientCertificates");
        Objects.requireNonNull(expiry, "expiry");
        clockFloor = clockFloor == null ? NO_FLOOR : clockFloor;
        clock = clock == null ? InstantSource.system() : clock;
        if (keychain != null && (certificate != null || privateKey != null)) {
            throw new IllegalArgumentException("keychain and certificate/privateKey are exclusive: give one of them");
        }
        if (keychain != null && keychain.password() == null) {
            throw new IllegalArgumentException("keychain: expected \"path;password\", got \"" + keychain.path() + "\"");
        }
        if (privateKey != null && certificate == null) {
            throw new IllegalArgumentException("privateKey " + privateKey + " needs a certificate");
        }
        if (privateKeyPasswordFile != null && certificate == null) {
            throw new IllegalArgumentException("privateKeyPasswordFile " + privateKeyPasswordFile + " needs a certificate");
        }
        String field = Objects.requireNonNull(clientNameField, "clientNameField").trim().toUpperCase(Locale.ROOT);
        if (!NAME_FIELDS.containsKey(field)) {
            throw new IllegalArgumentException("clientNameField: expected one of " + NAME_FIELDS.keySet()
                    + ", got \"" + clientNameField + "\"");
        }
        clientNameField = field.equals("EMAILADDRESS") ? "emailAddress" : field;
        protocols = List.copyOf(Objects.requireNonNull(protocols, "protocols"));
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("protocols: expected at least one of " + DEFAULT_PROTOCOLS + ", got none");
        }
        for (String protocol : protocols) {
            if (!DEFAULT_PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException("protocols: expected TLSv1.3 or TLSv1.2, got \"" + protocol + "\"");
            }
        }
        Objects.requireNonNull(cipherSuites, "cipherSuites");
        if (cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("cipherSuites: expected at least one suite, got none");
        }
        try {
            cipherSuites = CipherSuites.toIana(cipherSuites);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cipherSuites: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a {@code "tls"} config object (DESIGN §4 key names); absent keys keep the value from {@code defaults}, so
     * a device can default to {@code expiry=warn}. Relative paths resolve against the config file's directory.
     *
     * @throws ConfigException naming the file, the key and what was expected
     */
    public static TlsOptions fromConfig(ConfigObject tls, TlsOptions defaults) throws ConfigException {
        return TlsConfig.read(tls, defaults);
    }

    /** Reads a {@code "tls"} config object over the builder defaults. @throws ConfigException naming file and key */
    public static TlsOptions fromConfig(ConfigObject tls) throws ConfigException {
        return TlsConfig.read(tls, builder().build());
    }

    /** Subject attribute OID of {@link #clientNameField()}. */
    String clientNameOid() {
        return NAME_FIELDS.get(clientNameField.toUpperCase(Locale.ROOT));
    }

    /** True when this side has its own key and certificate. */
    public boolean hasKeyMaterial() {
        return keychain != null || certificate != null;
    }

    /** A builder with the defaults: verified, client certificates optional, host names checked, expiry enforced. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, for "the same, but". */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.keychain = keychain;
        b.certificate = certificate;
        b.privateKey = privateKey;
        b.privateKeyPasswordFile = privateKeyPasswordFile;
        b.trusted = new ArrayList<>(trusted);
        b.requiredLevel = requiredLevel;
        b.clientCertificates = clientCertificates;
        b.clientNameField = clientNameField;
        b.verifyHostname = verifyHostname;
        b.expiry = expiry;
        b.crl = crl;
        b.protocols = protocols;
        b.cipherSuites = cipherSuites;
        b.clockFloor = clockFloor;
        b.clock = clock;
        return b;
    }

    @Override
    public String toString() {
        return "TlsOptions[keychain=" + keychain + ", certificate=" + certificate + ", privateKey=" + privateKey
                + ", trusted=" + trusted + ", requiredLevel=" + requiredLevel + ", clientCertificates="
                + clientCertificates + ", clientNameField=" + clientNameField + ", verifyHostname=" + verifyHostname
                + ", expiry=" + expiry + ", crl=" + crl + ", protocols=" + protocols + ", cipherSuites=" + cipherSuites + "]";
    }

    /** Builder for {@link TlsOptions}. */
    public static final class Builder {
        private StoreFile keychain;
        private Path certificate;
        private Path privateKey;
        private Path privateKeyPasswordFile;
        private List<StoreFile> trusted = new ArrayList<>();
        private SecurityLevel requiredLevel = SecurityLevel.VERIFIED;
        private ClientCertificates clientCertificates = ClientCertificates.OPTIONAL;
        private String clientNameField = DEFAULT_CLIENT_NAME_FIELD;
        private boolean verifyHostname = true;
        private ExpiryPolicy expiry = ExpiryPolicy.ENFORCE;
        private Path crl;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = DEFAULT_CIPHER_SUITES;
        private Supplier<Instant> clockFloor = NO_FLOOR;
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /** PKCS#12 key and chain with its password. */
        public Builder keychain(Path path, String password) {
            this.keychain = StoreFile.pkcs12(path, password);
            return this;
        }

        /** PKCS#12 key and chain, or null for none. */
        public Builder keychain(StoreFile keychain) {
            this.keychain = keychain;
            return this;
        }

        /** PEM certificate file (may hold chain and key). */
        public Builder certificate(Path certificate) {
            this.certificate = certificate;
            return this;
        }

        /** PEM private key file. */
        public Builder privateKey(Path privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        /** File holding the private key's password. */
        public Builder privateKeyPasswordFile(Path privateKeyPasswordFile) {
            this.privateKeyPasswordFile = privateKeyPasswordFile;
            return this;
        }

        /** Replaces the trusted files. */
        public Builder trusted(List<StoreFile> trusted) {
            this.trusted = new ArrayList<>(trusted);
            return this;
        }

        /** Adds trusted PEM files. */
        public Builder trust(Path... pemFiles) {
            Arrays.stream(pemFiles).map(StoreFile::pem).forEach(trusted::add);
            return this;
        }

        /** Adds a PKCS#12 trust store. */
        public Builder trustStore(Path path, String password) {
            trusted.add(StoreFile.pkcs12(path, password));
            return this;
        }

        /** What this side requires of its peer. */
        public Builder requiredLevel(SecurityLevel requiredLevel) {
            this.requiredLevel = requiredLevel;
            return this;
        }

        /** Whether a listener asks for client certificates. */
        public Builder clientCertificates(ClientCertificates clientCertificates) {
            this.clientCertificates = clientCertificates;
            return this;
        }

        /** Subject field naming a verified client: CN, O, OU, UID, emailAddress, ... */
        public Builder clientNameField(String clientNameField) {
            this.clientNameField = clientNameField;
            return this;
        }

        /** Whether a client checks the server's name; off logs a warning. */
        public Builder verifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
            return this;
        }

        /** Expiry policy. */
        public Builder expiry(ExpiryPolicy expiry) {
            this.expiry = expiry;
            return this;
        }

        /** CRL file, or null. */
        public Builder crl(Path crl) {
            this.crl = crl;
            return this;
        }

        /** Enabled protocols. */
        public Builder protocols(List<String> protocols) {
            this.protocols = protocols;
            return this;
        }

        /** Enabled protocols. */
        public Builder protocols(String... protocols) {
            return protocols(List.of(protocols));
        }

        /** Enabled cipher suites, IANA or OpenSSL names. */
        public Builder cipherSuites(List<String> cipherSuites) {
            this.cipherSuites = cipherSuites;
            return this;
        }

        /** Enabled cipher suites, IANA or OpenSSL names. */
        public Builder cipherSuites(String... cipherSuites) {
            return cipherSuites(List.of(cipherSuites));
        }

        /** Earliest time validity is checked against, asked on every check (e.g. the last saved wall time). */
        public Builder clockFloor(Supplier<Instant> clockFloor) {
            this.clockFloor = clockFloor;
            return this;
        }

        /** Earliest time validity is checked against, e.g. the build date. */
        public Builder clockFloor(Instant clockFloor) {
            Objects.requireNonNull(clockFloor, "clockFloor");
            this.clockFloor = () -> clockFloor;
            return this;
        }

        /** What "now" is for validity checks (tests inject a clock that says 1970). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds and checks the options. */
        public TlsOptions build() {
            return new TlsOptions(keychain, certificate, privateKey, privateKeyPasswordFile, trusted, requiredLevel,
                    clientCertificates, clientNameField, verifyHostname, expiry, crl, protocols, cipherSuites, clockFloor,
                    clock);
        }
    }
}
