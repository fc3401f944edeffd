package org.ioswitch.device.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.ioswitch.device.connect.ServerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceStateTest {
    @TempDir
    Path dir;

    private DeviceConfig config(String id) {
        return new DeviceConfig(id, List.of(ServerAddress.parse("127.0.0.1:6369")), "simulator", null, null, null);
    }

    @Test
    void initWritesConfigThatReadsBack() throws Exception {
        DeviceState.init(dir, config("gina3.pekkahome"), null);
        DeviceState state = DeviceState.open(dir);
        assertEquals("gina3.pekkahome", state.config().id());
        assertEquals("pekkahome", state.config().network());
        assertEquals(List.of(new ServerAddress("127.0.0.1", 6369)), state.config().servers());
        assertTrue(state.password().isEmpty());
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
    }

    @Test
    void secretIsGeneratedOnceOwnerOnlyAndKept() throws Exception {
        DeviceState state = DeviceState.init(dir, config("gina3.pekkahome"), null);
        byte[] first = state.secret();
        assertEquals(DeviceState.SECRET_BYTES, first.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(DeviceState.SECRET))));
        assertArrayEquals(first, DeviceState.open(dir).secret());
    }

    @Test
    void secretReadableByOthersIsRefused() throws Exception {
        DeviceState state = DeviceState.init(dir, config("gina3.pekkahome"), null);
        state.secret();
        Files.setPosixFilePermissions(dir.resolve(DeviceState.SECRET), PosixFilePermissions.fromString("rw-r--r--"));
        StateException e = assertThrows(StateException.class, state::secret);
        assertTrue(e.getMessage().contains(DeviceState.SECRET) && e.getMessage().contains("owner-only"), e.getMessage());
    }

    @Test
    void passwordIsKeptOwnerOnly() throws Exception {
        DeviceState.init(dir, config("gina3.pekkahome"), "s3cret");
        DeviceState state = DeviceState.open(dir);
        assertEquals("s3cret", state.password().orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(DeviceState.PASSWORD))));
        assertFalse(Files.readString(dir.resolve(DeviceState.CONFIG)).contains("s3cret"), "password not in config.json");
        Files.setPosixFilePermissions(dir.resolve(DeviceState.PASSWORD), PosixFilePermissions.fromString("rw-rw-r--"));
        assertThrows(StateException.class, state::password);
    }

    @Test
    void assignedIdIsKeptForStarIds() throws Exception {
        DeviceState state = DeviceState.init(dir, config("gina*.pekkahome"), null);
        assertEquals("gina*.pekkahome", state.effectiveId());
        state.saveAssignedId("gina7.pekkahome");
        assertEquals("gina7.pekkahome", DeviceState.open(dir).effectiveId());
    }

    @Test
    void unknownKeyIsAnErrorNamingFileAndKey() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"id\":\"gina3.pekkahome\",\"servers\":[\"h:1\"],\"colour\":1}");
        StateException e = assertThrows(StateException.class, () -> DeviceState.open(dir));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("colour"), e.getMessage());
    }

    @Test
    void badServerAndBadIdAreNamed() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"id\":\"gina3.pekkahome\",\"servers\":[\"h:99999\"]}");
        StateException e = assertThrows(StateException.class, () -> DeviceState.open(dir));
        assertTrue(e.getMessage().contains("servers") && e.getMessage().contains("99999"), e.getMessage());
        Files.writeString(dir.resolve("config.json"), "{\"id\":\"gina\",\"servers\":[\"h:1\"]}");
        e = assertThrows(StateException.class, () -> DeviceState.open(dir));
        assertTrue(e.getMessage().contains("id:"), e.getMessage());
        Files.writeString(dir.resolve("config.json"), "{nope");
        e = assertThrows(StateException.class, () -> DeviceState.open(dir));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void missingConfigNamesTheFile() {
        StateException e = assertThrows(StateException.class, () -> DeviceState.open(dir));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void switchboxSectionReadsBackWithoutServers() throws Exception {
        com.google.gson.JsonObject tls = new com.google.gson.JsonObject();
        tls.addProperty("trusted", "iocafe-root.crt");
        DeviceState.init(dir, new DeviceConfig("gina3.pekkahome", List.of(), "simulator", null, null, null,
                new DeviceSwitchboxConfig(ServerAddress.parse("relay.example.com:6372"), tls, true)), null);
        DeviceConfig c = DeviceState.open(dir).config();
        assertTrue(c.servers().isEmpty());
        assertEquals(new ServerAddress("relay.example.com", 6372), c.switchbox().address());
        assertEquals("iocafe-root.crt", c.switchbox().tls().get("trusted").getAsString());
        assertTrue(c.switchbox().relayClear());
    }

    @Test
    void switchboxSectionIsStrictAndNamesTheKey() throws Exception {
        Path file = dir.resolve(DeviceState.CONFIG);
        Files.writeString(file, "{\"id\":\"gina3.pekkahome\",\"switchbox\":{\"address\":\"relay:6372\",\"trust\":\"x\"}}");
        StateException unknown = assertThrows(StateException.class, () -> DeviceState.open(dir));
        // The server's strict format (common.config.ConfigObject): file, then the unknown key with its full name.
        assertTrue(unknown.getMessage().contains("config.json: unknown key switchbox.trust"), unknown.getMessage());
        Files.writeString(file, "{\"id\":\"gina3.pekkahome\",\"switchbox\":{\"address\":\"relay:6372\",\"relayClear\":\"yes\"}}");
        StateException clear = assertThrows(StateException.class, () -> DeviceState.open(dir));
        assertTrue(clear.getMessage().contains("switchbox.relayClear: expected true or false"), clear.getMessage());
        Files.writeString(file, "{\"id\":\"gina3.pekkahome\",\"switchbox\":{\"address\":\"relay:port\"}}");
        StateException port = assertThrows(StateException.class, () -> DeviceState.open(dir));
        assertTrue(port.getMessage().contains("switchbox.address") && port.getMessage().contains("port"), port.getMessage());
        Files.writeString(file, "{\"id\":\"gina3.pekkahome\"}");
        StateException none = assertThrows(StateException.class, () -> DeviceState.open(dir));
        assertTrue(none.getMessage().contains("servers"), none.getMessage());
    }
}
