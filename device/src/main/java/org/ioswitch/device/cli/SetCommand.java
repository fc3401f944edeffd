package org.ioswitch.device.cli;

import java.util.concurrent.Callable;
import org.ioswitch.device.operator.OperatorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code device set DEVICE SIGNAL VALUE}: writes one signal and exits 0 once the server accepted the write. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Write one signal of a DOWN block (e.g. imp.led true); exit 0 once the server accepted it.")
final class SetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DEVICE", description = "device id, e.g. gina3.pekkahome")
    String device;

    @Parameters(index = "1", paramLabel = "SIGNAL", description = "signal, e.g. imp.led (or led if unique)")
    String signal;

    @Parameters(index = "2", paramLabel = "VALUE", description = "true/false, an integer, a number or text")
    String value;

    @Mixin
    OperatorMixin operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (OperatorClient client = operator.connect(device)) {
            client.set(device, signal, value);
            spec.commandLine().getOut().println("ok");
        }
        return 0;
    }
}
