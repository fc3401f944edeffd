package org.ioswitch.server.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ioswitch server}: the home IO server's command line; the jar's main class. */
@Command(name = "server", mixinStandardHelpOptions = true, version = "ioswitch server 0.1.0",
        description = "Home IO server: set up a server directory, manage accounts, run the server, pair devices.",
        subcommands = {InitCommand.class, AccountsCommand.class, RunCommand.class, DevicesCommand.class,
                ApproveCommand.class, RejectCommand.class, PairingCommand.class, StatusCommand.class})
public final class ServerCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: init, accounts, run, devices, "
                + "approve, reject, pairing or status");
    }

    /** Runs the command line and exits with its code: 0 ok, 1 failed, 2 usage. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code; output goes to the process's stdout and stderr. */
    public static int execute(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args).execute(args);
    }

    /**
     * A command line writing to {@code out} and {@code err}: a failure is one line on {@code err} (the stack trace
     * only with {@code --verbose}), a usage error one line and a hint.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new ServerCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parse) -> {
            err.println("server " + line.getCommandName() + ": " + message(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((e, args2) -> {
            err.println("server: " + e.getMessage() + " (try --help)");
            err.flush();
            return 2;
        });
        return cl;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }
}
