package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "tls" block of config.json with the DESIGN §4 names maps onto TlsOptions; mistakes name file and key. */
class TlsConfigTest {
    @TempDir
    Path dir;

    private TlsOptions read(String tlsJson) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"tls\": " + tlsJson + "}");
        ConfigFile config = ConfigFile.read(file);
        TlsOptions options = TlsOptions.fromConfig(config.root().object("tls"));
        config.root().finish();
        return options;
    }

    private String error(String tlsJson) {
        return assertThrows(ConfigException.class, () -> read(tlsJson)).getMessage();
    }

    @Test
    void everyDesignKeyIsRead() throws Exception {
        TlsOptions o = read("{\"certificate\": \"server.crt\", \"privateKey\": \"keys/server.key\","
                + " \"privateKeyPasswordFile\": \"server.pass\", \"trusted\": \"pekkahome-root.crt;old.p12;pw\","
                + " \"requiredLevel\": \"tls\", \"clientCertificates\": \"require\", \"clientNameField\": \"OU\","
                + " \"verifyHostname\": false, \"expiry\": \"warn\", \"crl\": \"pekkahome.crl\","
                + " \"protocols\": [\"TLSv1.3\"], \"cipherSuites\": [\"TLS_AES_128_GCM_SHA256\", \"ECDHE-ECDSA-AES128-GCM-SHA256\"]}");
        Path base = dir.toAbsolutePath();
        assertEquals(base.resolve("server.crt"), o.certificate());
        assertEquals(base.resolve("keys/server.key"), o.privateKey());
        assertEquals(base.resolve("server.pass"), o.privateKeyPasswordFile());
        assertEquals(List.of(StoreFile.pem(base.resolve("pekkahome-root.crt")), StoreFile.pkcs12(base.resolve("old.p12"), "pw")),
                o.trusted());
        assertEquals(SecurityLevel.TLS, o.requiredLevel());
        assertEquals(ClientCertificates.REQUIRE, o.clientCertificates());
        assertEquals("OU", o.clientNameField());
        assertFalse(o.verifyHostname());
        assertEquals(ExpiryPolicy.WARN, o.expiry());
        assertEquals(base.resolve("pekkahome.crl"), o.crl());
        assertEquals(List.of("TLSv1.3"), o.protocols());
        assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), o.cipherSuites());
    }

    @Test
    void keychainAndDefaults() throws Exception {
        TlsOptions o = read("{\"keychain\": \"server.p12;changeit\"}");
        assertEquals(StoreFile.pkcs12(dir.toAbsolutePath().resolve("server.p12"), "changeit"), o.keychain());
        assertEquals(SecurityLevel.VERIFIED, o.requiredLevel());
        assertEquals(ExpiryPolicy.ENFORCE, o.expiry());
        assertTrue(o.verifyHostname());
        assertNull(o.crl());
        assertEquals(TlsOptions.DEFAULT_CIPHER_SUITES, o.cipherSuites());
        Path file = Files.writeString(dir.resolve("device.json"), "{\"tls\": {}}");
        TlsOptions device = TlsOptions.fromConfig(ConfigFile.read(file).root().object("tls"),
                TlsOptions.builder().expiry(ExpiryPolicy.WARN).build());
        assertEquals(ExpiryPolicy.WARN, device.expiry());
    }

    @Test
    void mistakesNameFileKeyAndExpectation() {
        assertEquals("config.json: tls.keychain: expected \"path;password\", got \"server.p12\"",
                error("{\"keychain\": \"server.p12\"}"));
        assertEquals("config.json: tls.requiredLevel: expected one of none, tls, verified, got \"strict\"",
                error("{\"requiredLevel\": \"strict\"}"));
        assertTrue(error("{\"protocols\": [\"TLSv1.1\"]}").startsWith("config.json: tls.protocols: expected TLSv1.3 or TLSv1.2"));
        String suites = error("{\"cipherSuites\": [\"RC4-MD5\"]}");
        assertTrue(suites.startsWith("config.json: tls.cipherSuites: unknown cipher suites [RC4-MD5]"), suites);
        assertTrue(error("{\"trusted\": \"a.crt;store.p12\"}").startsWith("config.json: tls.trusted: "));
        assertTrue(error("{\"verifyHostname\": \"yes\"}").contains("tls.verifyHostname: expected true or false"));
        assertTrue(error("{\"trust\": \"a.crt\"}").contains("unknown key tls.trust"));
        assertTrue(error("{\"keychain\": \"a.p12;pw\", \"certificate\": \"a.crt\"}").contains("config.json: tls: "));
    }
}
