package org.ioswitch.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code server reject NAME}: drops a pending device; a waiting one is told so. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a pending device.")
final class RejectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DirOption dir;

    @Parameters(index = "0", paramLabel = "NAME", description = "The pending device: gina, gina3, or its requested id.")
    String name;

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().println(dir.adminMessage("reject", "name", name));
        return 0;
    }
}
