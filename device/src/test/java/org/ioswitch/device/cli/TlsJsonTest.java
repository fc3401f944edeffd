package org.ioswitch.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.ioswitch.common.tls.ExpiryPolicy;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.junit.jupiter.api.Test;

class TlsJsonTest {
    final Path base = Path.of("/etc/dev");

    private TlsOptions map(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        return TlsJson.toOptions(o, base, TlsOptions.builder().expiry(ExpiryPolicy.WARN), "d/config.json");
    }

    @Test
    void mapsTheDesignNamesAndResolvesPathsAgainstTheConfigDir() {
        TlsOptions o = map("{\"trusted\":\"root.crt;old.crt\",\"requiredLevel\":\"tls\",\"verifyHostname\":false,"
                + "\"certificate\":\"dev.crt\",\"privateKey\":\"dev.key\",\"cipherSuites\":[\"TLS_AES_128_GCM_SHA256\"]}");
        assertEquals(2, o.trusted().size());
        assertEquals(base.resolve("root.crt"), o.trusted().get(0).path());
        assertEquals(SecurityLevel.TLS, o.requiredLevel());
        assertFalse(o.verifyHostname());
        assertEquals(base.resolve("dev.key"), o.privateKey());
        assertEquals(ExpiryPolicy.WARN, o.expiry(), "the caller's default is kept");
    }

    @Test
    void unknownKeyAndBadValueNameFileAndKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> map("{\"trust\":\"x\"}"));
        assertTrue(e.getMessage().startsWith("d/config.json: unknown key tls.trust "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> map("{\"requiredLevel\":\"high\"}"));
        assertTrue(e.getMessage().contains("tls.requiredLevel") && e.getMessage().contains("high")
                && e.getMessage().contains("verified"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> map("{\"verifyHostname\":\"no\"}"));
        assertTrue(e.getMessage().contains("tls.verifyHostname"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> map("{\"keychain\":\"dev.p12\"}"));
        assertTrue(e.getMessage().contains("tls.keychain"), e.getMessage());
    }

    @Test
    void commandLineOptionsBecomeTheSameObject() {
        TlsMixin m = new TlsMixin();
        m.trusted.add("/r/root.crt");
        m.requiredLevel = "verified";
        m.noVerifyHostname = true;
        JsonObject o = m.toJson(new JsonObject());
        assertEquals("/r/root.crt", o.get("trusted").getAsString());
        assertFalse(o.get("verifyHostname").getAsBoolean());
        TlsOptions opts = m.toOptions(TlsOptions.builder());
        assertEquals(SecurityLevel.VERIFIED, opts.requiredLevel());
        assertFalse(opts.verifyHostname());
    }
}
