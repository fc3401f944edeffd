package org.ioswitch.device.cli;

import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ioswitch.common.terminal.Terminal;
import org.ioswitch.device.pairing.DeviceReset;
import org.ioswitch.device.state.DeviceState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code device reset --dir D}: forget trust, secret and number, after a confirmation or {@code --yes}. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Forget the paired server's trust bundle, the device secret and the assigned number; the next "
                + "run pairs again. config.json stays.")
final class ResetCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "D", description = "the device's state directory")
    Path dir;

    @Option(names = "--yes", description = "do not ask for confirmation")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(dir.resolve(DeviceState.CONFIG))) {
            throw new IllegalArgumentException(dir + " is not a device directory (no " + DeviceState.CONFIG + ")");
        }
        if (!yes) {
            Console console = Terminal.attached();
            if (console == null) {
                throw new IllegalArgumentException("reset asks for confirmation and there is no terminal: add --yes");
            }
            String answer = console.readLine("reset the device in %s: forget its trust, secret and number? [y/N] ",
                    dir);
            if (answer == null || !List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT))) {
                spec.commandLine().getOut().println("not reset");
                return 1;
            }
        }
        List<Path> removed = DeviceReset.reset(dir);
        spec.commandLine().getOut().println(removed.isEmpty() ? "nothing to reset in " + dir
                : "reset " + dir + ": removed " + removed.stream().map(p -> p.getFileName().toString()).toList()
                + "; the next run pairs again");
        return 0;
    }
}
