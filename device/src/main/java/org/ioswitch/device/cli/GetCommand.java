package org.ioswitch.device.cli;

import java.util.concurrent.Callable;
import org.ioswitch.device.operator.OperatorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code device get DEVICE SIGNAL}: prints one value with its state ({@code 42 ok}) and exits. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Print one signal's value and state, e.g. 42 ok.")
final class GetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DEVICE", description = "device id, e.g. gina3.pekkahome")
    String device;

    @Parameters(index = "1", paramLabel = "SIGNAL", description = "signal, e.g. exp.counter (or counter if unique)")
    String signal;

    @Mixin
    OperatorMixin operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (OperatorClient client = operator.connect(device)) {
            spec.commandLine().getOut().println(client.get(device, signal));
        }
        return 0;
    }
}
