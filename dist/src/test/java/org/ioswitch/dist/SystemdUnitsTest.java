package org.ioswitch.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The units as shipped in the .deb, checked by {@code systemd-analyze verify} in a root that holds the package's files
 * (so ExecStart's /usr/bin/ioswitch exists) and a copy of this machine's systemd units (the targets they name).
 */
class SystemdUnitsTest {
    @TempDir
    static Path root;

    @BeforeAll
    static void unpack() throws Exception {
        Files.createDirectories(root.resolve("lib/systemd"));
        Command.Result copy = Command.run(root, "cp", "-a", "/lib/systemd/system", root.resolve("lib/systemd").toString());
        assertEquals(0, copy.exitCode(), copy.describe());
        Packages.unpackDeb(root);
    }

    private static Command.Result verify(Path unit) throws Exception {
        return Command.run(root, "systemd-analyze", "verify", "--root=" + root, unit.toString());
    }

    @Test
    void everyUnitVerifiesWithoutAWord() throws Exception {
        for (String unit : Packages.units()) {
            Command.Result r = verify(root.resolve("lib/systemd/system").resolve(unit));
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals("", r.output().strip(), "systemd-analyze has something to say about " + unit);
        }
    }

    @Test
    void verifyWouldCatchAMisspelledSetting() throws Exception {
        Path unit = root.resolve("lib/systemd/system/ioswitch-device.service");
        Path broken = root.resolve("lib/systemd/system/ioswitch-broken.service");
        Files.writeString(broken, Files.readString(unit).replace("ProtectSystem=strict", "ProtectSytem=strict"));
        Command.Result r = verify(broken);
        assertTrue(r.output().contains("Unknown key 'ProtectSytem'"), r.describe());
    }

    @Test
    void eachUnitRunsItsToolHardenedAsTheServiceUser() throws Exception {
        for (String tool : List.of("device", "server", "switchbox")) {
            Map<String, String> s = settings(root.resolve("lib/systemd/system/ioswitch-" + tool + ".service"));
            String state = "/var/lib/ioswitch/" + tool;
            assertTrue(s.get("ExecStart").startsWith("/usr/bin/ioswitch " + tool + " run --dir " + state), tool);
            assertEquals("ioswitch/" + tool, s.get("StateDirectory"), tool);
            assertEquals(state + "/config.json", s.get("ConditionPathExists"), tool);
            Map<String, String> expected = Map.ofEntries(Map.entry("Type", "simple"), Map.entry("User", "ioswitch"),
                    Map.entry("Group", "ioswitch"), Map.entry("Restart", "on-failure"), Map.entry("RestartSec", "10s"),
                    Map.entry("ProtectSystem", "strict"), Map.entry("ProtectHome", "yes"),
                    Map.entry("NoNewPrivileges", "yes"), Map.entry("PrivateTmp", "yes"),
                    Map.entry("CapabilityBoundingSet", ""), Map.entry("AmbientCapabilities", ""),
                    Map.entry("KillSignal", "SIGTERM"), Map.entry("SuccessExitStatus", "143"),
                    Map.entry("StartLimitBurst", "10"));
            expected.forEach((key, value) -> assertEquals(value, s.get(key), tool + ": " + key));
        }
    }

    /** key=value lines of a unit file; comments and section headers skipped. */
    private static Map<String, String> settings(Path unit) throws Exception {
        Map<String, String> s = new HashMap<>();
        for (String line : Files.readAllLines(unit)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && !line.startsWith("[") && eq > 0) {
                s.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return s;
    }
}
