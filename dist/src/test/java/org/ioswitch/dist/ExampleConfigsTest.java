package org.ioswitch.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigFile;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.cli.DeviceCommand;
import org.ioswitch.device.state.DeviceState;
import org.ioswitch.device.state.StateException;
import org.ioswitch.server.cli.ServerCommand;
import org.ioswitch.server.config.ServerConfig;
import org.ioswitch.switchbox.cli.SwitchboxCommand;
import org.ioswitch.switchbox.config.ClusterConfig;
import org.ioswitch.switchbox.config.SwitchboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The shipped {@code examples/ROLE/config.json} (tarball; {@code /usr/share/doc/ioswitch/examples} in the .deb) are
 * exactly what each role's {@code init} writes for the set-up commands of docs/install.md, and each is read without
 * error by the reader its {@code run} uses: when init or a reader changes, an example cannot silently rot.
 */
class ExampleConfigsTest {
    /** docs/install.md's set-up commands, without {@code --dir} (the test gives its own). */
    static final List<String> SERVER_INIT = List.of("init", "--network", "pekkahome", "--listen", "0.0.0.0",
            "--admin-password", "example-only");
    static final List<String> DEVICE_INIT = List.of("init", "--id", "gina*.pekkahome", "--server", "home.example:6369");
    static final List<String> SWITCHBOX_INIT = List.of("init", "--org", "iocafe", "--host", "relay.example.com");

    private static Path example(String role) {
        String dir = System.getProperty("dist.examples");
        if (dir == null) {
            throw new IllegalStateException("system property dist.examples is not set (run through Maven)");
        }
        return Path.of(dir, role, "config.json");
    }

    /** Runs {@code init} of a tool into {@code dir}; returns the config.json it wrote. */
    private static String init(CommandLine tool, List<String> args, Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        tool.setOut(new PrintWriter(out, true));
        tool.setErr(new PrintWriter(err, true));
        String[] argv = java.util.stream.Stream.concat(args.stream(), java.util.stream.Stream.of("--dir",
                dir.toString())).toArray(String[]::new);
        assertEquals(0, tool.execute(argv), "init " + args + ": " + out + err);
        return Files.readString(dir.resolve("config.json"));
    }

    /** A directory holding only {@code text} as config.json: what a reader sees in /var/lib/ioswitch/ROLE. */
    private static Path withConfig(Path dir, String text) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), text);
        return dir;
    }

    /** The example with an unknown key added at the top, as a typo would add it. */
    private static String withTypo(String example) {
        return example.replaceFirst("\\{", "{\n  \"lissten\": 1,");
    }

    @Test
    void theServerExampleIsWhatServerInitWritesAndServerRunReadsIt(@TempDir Path dir) throws Exception {
        String example = Files.readString(example("server"));
        String args = String.join(" ", SERVER_INIT);
        assertEquals(init(ServerCommand.commandLine(new PrintWriter(System.out), new PrintWriter(System.err)),
                SERVER_INIT, dir.resolve("init")), example, "examples/server/config.json differs from `server " + args
                + "`'s: copy that one");
        Path shipped = withConfig(dir.resolve("server"), example);
        assertEquals("0.0.0.0", ServerConfig.read(shipped, null).listen().getHostString());
        assertEquals("pekkahome", ServerConfig.network(shipped));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.read(withConfig(dir.resolve("typo"), withTypo(example)), null));
        assertTrue(e.getMessage().contains("lissten"), e.getMessage());
    }

    @Test
    void theDeviceExampleIsWhatDeviceInitWritesAndDeviceRunReadsIt(@TempDir Path dir) throws Exception {
        String example = Files.readString(example("device"));
        assertEquals(init(DeviceCommand.commandLine(), DEVICE_INIT, dir.resolve("init")), example,
                "examples/device/config.json differs from `device " + String.join(" ", DEVICE_INIT) + "`'s: copy it");
        Path shipped = withConfig(dir.resolve("device"), example);
        DeviceState state = DeviceState.open(shipped);
        assertEquals("gina*.pekkahome", state.config().id());
        assertEquals("home.example:6369", state.config().servers().get(0).toString());
        // device run hands the tls object to the one TLS mapper, paths relative to the state directory.
        TlsOptions.fromConfig(ConfigFile.parse(shipped.resolve("config.json"), example).root().object("tls"),
                TlsOptions.builder().build());
        StateException e = assertThrows(StateException.class,
                () -> DeviceState.open(withConfig(dir.resolve("typo"), withTypo(example))));
        assertTrue(e.getMessage().contains("lissten"), e.getMessage());
    }

    @Test
    void theSwitchboxExampleIsWhatSwitchboxInitWritesAndSwitchboxRunReadsIt(@TempDir Path dir) throws Exception {
        String example = Files.readString(example("switchbox"));
        assertEquals(init(SwitchboxCommand.commandLine(), SWITCHBOX_INIT, dir.resolve("init")), example,
                "examples/switchbox/config.json differs from `switchbox " + String.join(" ", SWITCHBOX_INIT)
                        + "`'s: copy it");
        Path file = withConfig(dir.resolve("switchbox"), example).resolve("config.json");
        assertEquals(6372, SwitchboxConfig.load(file).port());
        assertTrue(ClusterConfig.load(file).isEmpty(), "a single switchbox: no cluster section");
        ConfigException e = assertThrows(ConfigException.class,
                () -> SwitchboxConfig.load(withConfig(dir.resolve("typo"), withTypo(example)).resolve("config.json")));
        assertTrue(e.getMessage().contains("lissten"), e.getMessage());
    }
}
