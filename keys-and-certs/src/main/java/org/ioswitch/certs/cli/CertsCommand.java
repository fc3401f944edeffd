package org.ioswitch.certs.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ioswitch certs}: the organization's certificate tooling on the command line. */
@Command(name = "certs", mixinStandardHelpOptions = true, version = "ioswitch certs 0.1.0",
        description = "Certificate tooling: org root CA, server and client certificates, CSRs, PKCS#12, CRLs.",
        subcommands = {InitOrgCommand.class, ServerCommand.class, ClientCommand.class, NodeCommand.class, CsrCommand.class,
                SignCommand.class, Pkcs12Command.class, RevokeCommand.class, InspectCommand.class})
public final class CertsCommand implements Runnable {
    /** Exit code of a command that ran and failed (bad file, wrong password, refusal). */
    public static final int FAILED = 1;
    /** Exit code of a command line that does not parse. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the tool and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with this tool's error handling: a usage error is one line on stderr and exit 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CertsCommand());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println("certs: " + ex.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName()
                    + " --help')");
            err.flush();
            return USAGE;
        });
        return cl;
    }

    /** Without a subcommand there is nothing to do: show the usage and fail as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand (init-org, server, client, csr, sign, pkcs12, revoke, inspect)");
    }
}
