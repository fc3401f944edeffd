package org.ioswitch.device.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.SetResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code device set DEVICE SIGNAL VALUE}: writes one signal and waits for the device's answer: {@code applied
 * (version V)}, {@code rejected: <reason>} or {@code pending: device offline since … (it gets the value when it
 * reconnects)}, each with its own exit code.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Write one signal of a DOWN block (e.g. imp.led true) and wait for the device's answer: applied,"
                + " rejected (with the device's reason) or pending (the device is offline; the server delivers the value"
                + " when it reconnects).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:applied: the device applied the value",
            "1:failed: no connection, the server refused the write, or a bad value",
            "2:usage error",
            "3:rejected: the device refused the value (its reason is printed)",
            "4:pending: the device is offline, or did not answer within --timeout; the server keeps the value"})
final class SetCommand implements Callable<Integer> {
    /** The device applied the value. */
    static final int APPLIED = 0;
    /** The device refused the value. */
    static final int REJECTED = 3;
    /** The device has not applied it yet (offline, or no answer in time). */
    static final int PENDING = 4;

    @Parameters(index = "0", paramLabel = "DEVICE", description = "device id, e.g. gina3.pekkahome")
    String device;

    @Parameters(index = "1", paramLabel = "SIGNAL", description = "signal, e.g. imp.led (or led if unique)")
    String signal;

    @Parameters(index = "2", paramLabel = "VALUE", description = "true/false, an integer, a number or text")
    String value;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long to wait for the device's answer once the server accepted the write (default: "
                    + "${DEFAULT-VALUE} s)")
    long timeoutSeconds;

    @Mixin
    OperatorMixin operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be >= 1 second, was " + timeoutSeconds);
        }
        try (OperatorClient client = operator.connect(device)) {
            SetResult r = client.set(device, signal, value, Duration.ofSeconds(timeoutSeconds));
            spec.commandLine().getOut().println(r);
            spec.commandLine().getOut().flush();
            return switch (r.outcome()) {
                case APPLIED -> APPLIED;
                case REJECTED -> REJECTED;
                case PENDING -> PENDING;
            };
        }
    }
}
