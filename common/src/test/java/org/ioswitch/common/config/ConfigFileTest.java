package org.ioswitch.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict JSON config reader: typed getters, defaults, paths relative to the file, unknown keys refused. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private ConfigFile write(String json) throws Exception {
        return ConfigFile.read(Files.writeString(dir.resolve("config.json"), json));
    }

    @Test
    void typedValuesDefaultsAndRelativePaths() throws Exception {
        ConfigObject root = write("{\"name\": \"pekkahome\", \"port\": 6369, \"plain\": false, \"keepalive\": \"5s\","
                + " \"tick\": \"250ms\", \"iso\": \"PT1M\", \"state\": \"state/dir\", \"list\": [\"a\", \"b\"],"
                + " \"nested\": {\"level\": \"tls\"}}").root();
        assertEquals("pekkahome", root.string("name", null));
        assertEquals(6369, root.integer("port", 0, 1, 65535));
        assertEquals(false, root.bool("plain", true));
        assertEquals(Duration.ofSeconds(5), root.duration("keepalive", null));
        assertEquals(Duration.ofMillis(250), root.duration("tick", null));
        assertEquals(Duration.ofMinutes(1), root.duration("iso", null));
        assertEquals(dir.toAbsolutePath().resolve("state/dir"), root.path("state"));
        assertEquals(List.of("a", "b"), root.strings("list", List.of()));
        ConfigObject nested = root.object("nested");
        assertEquals(Thread.State.RUNNABLE, nested.enumValue("missing", Thread.State.class, Thread.State.RUNNABLE));
        assertEquals("tls", nested.string("level", null));
        nested.finish();
        assertEquals("fallback", root.string("absent", "fallback"));
        assertNull(root.path("absentPath"));
        root.finish();
    }

    @Test
    void unknownKeysAreErrorsNamingFileAndKey() throws Exception {
        ConfigObject root = write("{\"tls\": {\"keychian\": \"x.p12;pw\"}}").root();
        ConfigObject tls = root.object("tls");
        tls.string("keychain", null);
        ConfigException e = assertThrows(ConfigException.class, tls::finish);
        assertTrue(e.getMessage().startsWith("config.json: unknown key tls.keychian"), e.getMessage());
    }

    @Test
    void wrongTypesNameFileKeyExpectedAndActual() throws Exception {
        ConfigObject root = write("{\"port\": \"6369\", \"plain\": 1, \"list\": [1], \"big\": 70000, \"d\": \"soon\"}").root();
        assertEquals("config.json: port: expected an integer from 1 to 65535, got \"6369\"",
                assertThrows(ConfigException.class, () -> root.integer("port", 0, 1, 65535)).getMessage());
        assertEquals("config.json: plain: expected true or false, got 1",
                assertThrows(ConfigException.class, () -> root.bool("plain", false)).getMessage());
        assertEquals("config.json: list[0]: expected a string, got 1",
                assertThrows(ConfigException.class, () -> root.strings("list", null)).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> root.integer("big", 0, 1, 65535)).getMessage()
                .contains("big: expected an integer from 1 to 65535, got 70000"));
        assertTrue(assertThrows(ConfigException.class, () -> root.duration("d", null)).getMessage()
                .contains("d: expected a duration"));
    }

    @Test
    void brokenFilesAreReportedWithTheirName() throws Exception {
        assertTrue(assertThrows(ConfigException.class, () -> ConfigFile.read(dir.resolve("nope.json"))).getMessage()
                .endsWith("nope.json: file not found"));
        ConfigException e = assertThrows(ConfigException.class, () -> write("{\"a\": 1,}"));
        assertTrue(e.getMessage().contains("config.json: not valid JSON"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> write("// comment\n{}"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> write("[1, 2]"));
        assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());
    }
}
