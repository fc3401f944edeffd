package org.ioswitch.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ioswitch.device.e2e.Cli;
import org.ioswitch.device.state.DeviceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.device(out, err, args).code();
    }

    @Test
    void initWritesAWorkingConfig() throws Exception {
        Path root = Files.writeString(dir.resolve("root.crt"), "x");
        Path d = dir.resolve("d");
        int code = run("init", "--id", "gina3.pekkahome", "--server", "127.0.0.1:6369", "--password", "pw",
                "--trust", root.toString(), "--no-verify-hostname", "--expiry", "enforce", "--crl", "home.crl",
                "--dir", d.toString());
        assertEquals(0, code, err.toString());
        DeviceState state = DeviceState.open(d);
        assertEquals("gina3.pekkahome", state.config().id());
        assertEquals("pw", state.password().orElseThrow());
        assertEquals(root.toAbsolutePath().toString(), state.config().tls().get("trusted").getAsString());
        assertEquals(false, state.config().tls().get("verifyHostname").getAsBoolean());
        assertEquals("enforce", state.config().tls().get("expiry").getAsString());
        assertEquals(Path.of("home.crl").toAbsolutePath().toString(), state.config().tls().get("crl").getAsString());
        assertTrue(out.toString().contains("gina3.pekkahome"), out.toString());
    }

    @Test
    void badServerIsOneLineOnStderrWithExit1() {
        int code = run("init", "--id", "gina3.pekkahome", "--server", "nohost:port", "--dir", dir.toString());
        assertEquals(1, code);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("nohost:port"), err.toString());
    }

    @Test
    void missingOptionIsUsageErrorExit2() {
        assertEquals(2, run("init", "--id", "gina3.pekkahome"));
        assertTrue(err.toString().contains("--server") || err.toString().contains("--dir"), err.toString());
    }

    @Test
    void helpIsExit0() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("init"), out.toString());
    }
}
