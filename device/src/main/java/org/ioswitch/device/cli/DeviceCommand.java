package org.ioswitch.device.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.ioswitch.common.tls.TlsProviders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ioswitch device}: the IO device runtime and the operator client commands; the jar's main class. Build its
 * command line with {@link #commandLine()} (not {@code new CommandLine(new DeviceCommand())}: the subcommands are added
 * there).
 */
@Command(name = "device", mixinStandardHelpOptions = true, version = "ioswitch device 0.1.0",
        description = "IO device runtime, simulator and operator client.")
public final class DeviceCommand implements Runnable {
    /**
     * The subcommands in the order of the usage help. Added by {@link #commandLine(String)}, not by the annotation:
     * picocli builds the model of every subcommand it is given by reflection, and a device's start needs only
     * {@code run}'s.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("init", InitCommand::new);
        m.put("run", RunCommand::new);
        m.put("list", ListCommand::new);
        m.put("watch", WatchCommand::new);
        m.put("get", GetCommand::new);
        m.put("set", SetCommand::new);
        m.put("reset", ResetCommand::new);
        m.put("doctor", DoctorCommand::new);
        return m;
    }

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "print stack traces of failures")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: init, run, reset, list, watch, get, set or doctor");
    }

    /** A command line for this tool whose failures are one line on stderr (stack trace with --verbose); exit 0/1/2. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * {@link #commandLine()} for arguments starting with {@code first}: when that names a subcommand, only that one is
     * built (what it parses and prints is the same); otherwise all of them (the usage help lists them).
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new DeviceCommand());
        boolean one = first != null && SUBCOMMANDS.containsKey(first);
        SUBCOMMANDS.forEach((name, make) -> {
            if (!one || name.equals(first)) {
                cl.addSubcommand(name, make.get());
            }
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandName() + ": " + oneLine(e));
            if (parseResult.hasMatchedOption("--verbose")) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
            m = m + ": " + c.getMessage();
        }
        return m.replace('\n', ' ');
    }

    /**
     * Runs the tool and exits with its code. A device process runs TLS on the JDK's providers plus RSA-PSS names, without
     * BouncyCastle's JCA provider (same suites, schemes and checks; ~6 MiB less RSS, docs/performance.md).
     */
    public static void main(String[] args) {
        TlsProviders.jdkOnly();
        System.exit(commandLine(args.length > 0 ? args[0] : null).execute(args));
    }
}
