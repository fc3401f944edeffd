package org.ioswitch.device.cli;

import java.io.PrintWriter;
import org.ioswitch.common.tls.TlsProviders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ioswitch device}: the IO device runtime and the operator client commands; the jar's main class. */
@Command(name = "device", mixinStandardHelpOptions = true, version = "ioswitch device 0.1.0",
        description = "IO device runtime, simulator and operator client.",
        subcommands = {InitCommand.class, RunCommand.class, ListCommand.class, WatchCommand.class, GetCommand.class,
                SetCommand.class, ResetCommand.class, DoctorCommand.class})
public final class DeviceCommand implements Runnable {
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
        CommandLine cl = new CommandLine(new DeviceCommand());
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
        System.exit(commandLine().execute(args));
    }
}
