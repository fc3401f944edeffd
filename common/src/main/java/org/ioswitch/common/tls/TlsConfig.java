package org.ioswitch.common.tls;

import com.google.gson.JsonPrimitive;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigObject;

/** Maps a {@code "tls"} config object, with exactly the DESIGN §4 key names, onto {@link TlsOptions}. */
final class TlsConfig {
    private TlsConfig() {
    }

    static TlsOptions read(ConfigObject tls, TlsOptions defaults) throws ConfigException {
        TlsOptions.Builder b = defaults.toBuilder();
        String keychain = tls.string("keychain", null);
        if (keychain != null) {
            try {
                b.keychain(StoreFile.parseKeychain(keychain, tls.baseDir()));
            } catch (IllegalArgumentException e) {
                throw tls.error("keychain", "\"path;password\"", new JsonPrimitive(keychain));
            }
        }
        b.certificate(or(tls.path("certificate"), defaults.certificate()));
        b.privateKey(or(tls.path("privateKey"), defaults.privateKey()));
        b.privateKeyPasswordFile(or(tls.path("privateKeyPasswordFile"), defaults.privateKeyPasswordFile()));
        String trusted = tls.string("trusted", null);
        if (trusted != null) {
            try {
                b.trusted(StoreFile.parseList(trusted, tls.baseDir()));
            } catch (IllegalArgumentException e) {
                throw tls.error("trusted", e.getMessage());
            }
        }
        b.requiredLevel(tls.enumValue("requiredLevel", SecurityLevel.class, defaults.requiredLevel()));
        b.clientCertificates(tls.enumValue("clientCertificates", ClientCertificates.class, defaults.clientCertificates()));
        b.clientNameField(tls.string("clientNameField", defaults.clientNameField()));
        b.verifyHostname(tls.bool("verifyHostname", defaults.verifyHostname()));
        b.expiry(tls.enumValue("expiry", ExpiryPolicy.class, defaults.expiry()));
        b.crl(or(tls.path("crl"), defaults.crl()));
        b.protocols(tls.strings("protocols", defaults.protocols()));
        b.cipherSuites(tls.strings("cipherSuites", defaults.cipherSuites()));
        tls.finish();
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            // The record names the field first ("protocols: ..."); otherwise the message is about the block.
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            if (colon > 0 && message.substring(0, colon).matches("[a-zA-Z]+")) {
                throw tls.error(message.substring(0, colon), message.substring(colon + 2));
            }
            throw tls.error(message);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
