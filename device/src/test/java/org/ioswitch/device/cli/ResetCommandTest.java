package org.ioswitch.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ioswitch.device.e2e.Cli;
import org.ioswitch.device.state.DeviceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code device reset} asks for a confirmation only on a terminal: run with pipes (as here, and from scripts, CI or
 * systemd) it refuses without {@code --yes} and touches nothing, also on Java 22 to 24, where System.console() is not
 * null there.
 */
class ResetCommandTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.device(out, err, args).code();
    }

    private Path pairedDevice() throws Exception {
        Path root = Files.writeString(dir.resolve("root.crt"), "x");
        Path d = dir.resolve("d");
        assertEquals(0, run("init", "--id", "gina3.pekkahome", "--server", "127.0.0.1:6369", "--password", "pw",
                "--trust", root.toString(), "--dir", d.toString()), err.toString());
        Files.writeString(d.resolve(DeviceState.SECRET), "secret");
        return d;
    }

    @Test
    void withoutATerminalResetNeedsYesAndKeepsEverything() throws Exception {
        Path d = pairedDevice();
        assertEquals(1, run("reset", "--dir", d.toString()));
        assertTrue(err.toString().contains("there is no terminal: add --yes"), err.toString());
        assertTrue(Files.exists(d.resolve(DeviceState.SECRET)), "nothing was reset");
    }

    @Test
    void withYesResetForgetsTheSecret() throws Exception {
        Path d = pairedDevice();
        assertEquals(0, run("reset", "--dir", d.toString(), "--yes"), err.toString());
        assertFalse(Files.exists(d.resolve(DeviceState.SECRET)));
        assertTrue(out.toString().contains("the next run pairs again"), out.toString());
    }
}
