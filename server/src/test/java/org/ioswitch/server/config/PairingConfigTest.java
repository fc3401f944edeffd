package org.ioswitch.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.server.pairing.PairingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairingConfigTest {
    @TempDir
    Path dir;

    private Path init() throws Exception {
        ServerSetup.init(new ServerSetup.Request(dir, "home", "localhost", "127.0.0.1", 6369, "admin",
                "pw".toCharArray()));
        return dir.resolve(ServerConfig.FILE_NAME);
    }

    @Test
    void pairingIsClosedAndManualUnlessConfigured() throws Exception {
        init();
        assertEquals(PairingOptions.defaults(), ServerConfig.read(dir, null).pairing());
        assertFalse(ServerConfig.read(dir, null).pairing().autoApprove());
    }

    @Test
    void pairingSectionSetsAutoApproveAndLimits() throws Exception {
        Path config = init();
        String good = Files.readString(config);
        Files.writeString(config, good.replaceFirst("\\{", "{ \"pairing\": {\"autoApprove\": true, \"pendingTtl\": "
                + "\"30m\", \"maxNewPerAddress\": 3},"));
        PairingOptions p = ServerConfig.read(dir, null).pairing();
        assertTrue(p.autoApprove());
        assertEquals(Duration.ofMinutes(30), p.pendingTtl());
        assertEquals(3, p.maxNewPerAddress());
        assertEquals(PairingOptions.DEFAULT_MAX_PENDING, p.maxPending());

        Files.writeString(config, good.replaceFirst("\\{", "{ \"pairing\": {\"autoapprove\": true},"));
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("pairing.autoapprove"), e.getMessage());
        Files.writeString(config, good.replaceFirst("\\{", "{ \"pairing\": {\"pendingTtl\": \"0s\"},"));
        e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("pairing.pendingTtl"), e.getMessage());
    }
}
