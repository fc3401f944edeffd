package org.ioswitch.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The device's command line builds only the subcommand it was started with, and parses it as the full one does. */
class DeviceCommandTest {
    private static final List<String> ALL = List.of("init", "run", "list", "watch", "get", "set", "reset", "doctor");

    @Test
    void startedWithASubcommandOnlyThatOneIsBuiltOtherwiseAll() {
        assertEquals(List.of("run"), List.copyOf(DeviceCommand.commandLine("run").getSubcommands().keySet()));
        assertEquals(List.of("doctor"), List.copyOf(DeviceCommand.commandLine("doctor").getSubcommands().keySet()));
        assertEquals(ALL, List.copyOf(DeviceCommand.commandLine().getSubcommands().keySet()));
        assertEquals(ALL, List.copyOf(DeviceCommand.commandLine("--help").getSubcommands().keySet()));
        assertEquals(ALL, List.copyOf(DeviceCommand.commandLine("rnu").getSubcommands().keySet()));
    }

    @Test
    void theOneSubcommandKeepsTheInheritedVerboseOptionAndItsQualifiedName() {
        CommandLine cl = DeviceCommand.commandLine("run");
        CommandLine.ParseResult parsed = cl.parseArgs("run", "--verbose", "--dir", "somewhere");
        assertTrue(parsed.subcommand().hasMatchedOption("--verbose"));
        StringWriter help = new StringWriter();
        cl.setOut(new PrintWriter(help));
        assertEquals(0, cl.execute("run", "--help"));
        assertTrue(help.toString().startsWith("Usage: device run "), help.toString());
    }

    @Test
    void anUnknownSubcommandIsAUsageErrorNamingIt() {
        CommandLine cl = DeviceCommand.commandLine("rnu");
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("rnu"));
        assertTrue(err.toString().contains("rnu"), err.toString());
    }
}
