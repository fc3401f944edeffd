package org.ioswitch.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code server approve NAME --code C}: pairs a pending device whose code matches. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve a pending device: compare the code it shows, type it here; the device gets its "
                + "account and number at once.")
final class ApproveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DirOption dir;

    @Parameters(index = "0", paramLabel = "NAME", description = "The pending device: gina (for gina*), gina3, or "
            + "its requested id.")
    String name;

    @Option(names = "--code", required = true, paramLabel = "CODE",
            description = "The pairing code the device shows, e.g. 482193 or 482-193.")
    String code;

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().println(dir.adminMessage("approve", "name", name, "code", code));
        return 0;
    }
}
