package org.ioswitch.server.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.ioswitch.server.account.AccountStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairingStateTest {
    @TempDir
    Path dir;

    @Test
    void stateRoundTripsAndABrokenFileIsNamedByEntryAndKey() throws Exception {
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        PairingJson.State s = new PairingJson.State(t, List.of(new PendingDevice("home", "gina*.home", "pi4",
                "10.0.0.7", t, t, 2, "482193", "ab", "$hash", 1)), List.of(new KnownDevice("home", "gina1", "cd",
                "pi4", t, "pekka")), java.util.Map.of("ef", t.plusSeconds(3600)));
        assertEquals(s, PairingJson.parse("pairing.json", PairingJson.format(s)));

        String broken = new String(PairingJson.format(s), StandardCharsets.UTF_8).replace("\"lastSeen\": \"",
                "\"lastSeen\": \"yesterday");
        PairingStateException e = assertThrows(PairingStateException.class,
                () -> PairingJson.parse("pairing.json", broken.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("pairing.json: pending[0]: lastSeen: expected a time"), e.getMessage());

        Files.writeString(dir.resolve(Pairing.FILE_NAME), "[1]");
        e = assertThrows(PairingStateException.class, () -> Pairing.open(dir, PairingOptions.defaults(),
                AccountStore.open(dir), InstantSource.system()));
        assertEquals(dir.resolve(Pairing.FILE_NAME) + ": expected a JSON object", e.getMessage());
    }
}
