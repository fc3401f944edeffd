package org.ioswitch.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code server pairing open|close|status}: the pairing window of the running server (closed by default). */
@Command(name = "pairing", mixinStandardHelpOptions = true,
        description = "Open, close or show pairing on the running server (closed unless opened).",
        subcommands = {PairingCommand.Open.class, PairingCommand.Close.class, PairingCommand.Status.class})
final class PairingCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: open, close or status");
    }

    /** {@code pairing open --minutes N}. */
    @Command(name = "open", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Accept pairing requests for a while.")
    static final class Open implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DirOption dir;

        @Option(names = "--minutes", paramLabel = "N", defaultValue = "10",
                description = "How long pairing stays open (1..1440).")
        int minutes;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println(dir.adminMessage("pairing-open", "minutes", minutes));
            return 0;
        }
    }

    /** {@code pairing close}. */
    @Command(name = "close", mixinStandardHelpOptions = true, description = "Stop accepting pairing requests now.")
    static final class Close implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DirOption dir;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println(dir.adminMessage("pairing-close"));
            return 0;
        }
    }

    /** {@code pairing status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show whether pairing is open, who or what closed it last, and the limits used up.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DirOption dir;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println(dir.adminMessage("pairing-status"));
            return 0;
        }
    }
}
