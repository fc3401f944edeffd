package org.ioswitch.switchbox.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ioswitch switchbox}: the cloud relay's command line (the jar's main class). */
@Command(name = "switchbox", mixinStandardHelpOptions = true, version = "ioswitch switchbox 0.1.0",
        description = "Cloud relay: home servers publish their networks, clients are relayed to them.",
        subcommands = {InitCommand.class, AccountsCommand.class, RunCommand.class, StatusCommand.class})
public final class SwitchboxCommand implements Runnable {
    /** Exit code of a command that ran and failed. */
    public static final int FAILED = 1;
    /** Exit code of a command line that does not parse. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the tool and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line: a usage error is one line on stderr and exit 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SwitchboxCommand());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("switchbox: " + ex.getMessage() + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return USAGE;
        });
        return cl;
    }

    /** Without a subcommand there is nothing to do. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (init, accounts, run, status)");
    }

    /** Prints a failure as one line on stderr and returns {@link #FAILED}. */
    static int fail(CommandLine.Model.CommandSpec spec, String message) {
        spec.commandLine().getErr().println("switchbox " + spec.name() + ": " + message);
        spec.commandLine().getErr().flush();
        return FAILED;
    }
}
