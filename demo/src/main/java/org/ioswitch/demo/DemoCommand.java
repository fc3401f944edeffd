package org.ioswitch.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ioswitch demo}: a switchbox, a home server that publishes its network through it, a simulated device that
 * pairs, and a remote operator that reaches the device through the switchbox end to end, all on 127.0.0.1.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole system on this machine, on 127.0.0.1 only: two organizations (pekkahome, "
                + "iocafe), a switchbox, a home server publishing pekkahome through it, a simulated device that "
                + "pairs (auto-approved, pairing code shown), and a remote operator connected through the switchbox "
                + "with end-to-end TLS, which shows live values and toggles the device's led.",
                "Exit status 0 only if every step worked. Logs go to DIR/demo.log."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seconds", paramLabel = "N", defaultValue = "0",
            description = "end after N seconds, clean up and exit (default: ${DEFAULT-VALUE} = run until Ctrl-C)")
    long seconds;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "keep the demo's files (certificates, configs, logs) in DIR; default: a temporary "
                    + "directory, removed at the end")
    Path dir;

    @Spec
    CommandSpec spec;

    /** Runs the demo command line. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (seconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be >= 0, was " + seconds);
        }
        DemoOptions options = new DemoOptions(seconds == 0 ? null : Duration.ofSeconds(seconds), dir);
        return new Demo(options, spec.commandLine().getOut()).run() ? 0 : 1;
    }
}
