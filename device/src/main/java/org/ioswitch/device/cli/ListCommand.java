package org.ioswitch.device.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ioswitch.common.block.BlockMap;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.device.operator.DeviceLines;
import org.ioswitch.device.operator.OperatorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code device list}: the devices of the network, each online or offline (since when and why), how it is connected
 * and its board type, and their signals.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the network's devices (online or offline"
        + " since when and why, directly or through the switchbox, board type) and their signals.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    OperatorMixin operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (OperatorClient client = operator.connect(null)) {
            for (DeviceList.DeviceEntry d : client.listDevices()) {
                out.println(d.deviceId() + "  " + DeviceLines.status(d.status(), java.time.Instant.now()));
                boolean hasInfo = d.blocks().stream().anyMatch(b -> b.name().equals("info"));
                SignalMap map = null;
                if (hasInfo) {
                    try {
                        map = client.signalMap(d.deviceId());
                    } catch (IOException e) {
                        out.println("  (signals unknown: " + e.getMessage() + ")");
                    }
                }
                for (DeviceList.BlockEntry b : d.blocks()) {
                    BlockMap layout = map == null ? null : map.block(b.name());
                    if (layout == null || layout.signals().isEmpty()) {
                        out.printf("  %-24s %s, %d bytes%n", b.name(), b.direction().name().toLowerCase(), b.size());
                        continue;
                    }
                    for (Signal s : layout.signals()) {
                        out.printf("  %-24s %s%s%n", b.name() + "." + s.name(), s.type().jsonName(),
                                s.isArray() ? "[" + s.n() + "]" : "");
                    }
                }
            }
        }
        out.flush();
        return 0;
    }
}
