package org.ioswitch.device.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.ExpiryPolicy;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.connect.Switchbox;
import org.ioswitch.common.tls.PairingCode;
import org.ioswitch.device.runtime.ConnectionListener;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.device.state.DeviceConfig;
import org.ioswitch.device.state.DeviceState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code device run --dir D}: runs the device of {@code D/config.json} until stopped (SIGTERM or Ctrl-C). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the device configured in D/config.json; --simulate drives the built-in simulated board;"
                + " --switchbox options override the config's switchbox section.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "D", description = "the device's state directory")
    Path dir;

    @Option(names = "--simulate", description = "drive the simulated board (counter, temperature, button, led)")
    boolean simulate;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "0",
            description = "stop after N seconds; 0 = run until stopped")
    long seconds;

    @Mixin
    SwitchboxMixin switchbox;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DeviceState state = DeviceState.open(dir);
        DeviceConfig config = state.config();
        SignalMap map;
        if (simulate) {
            map = SimulatedBoard.signalMap();
        } else if (config.signals() != null) {
            map = SignalMap.load(state.resolve(config.signals()));
        } else {
            throw new IllegalArgumentException(dir.resolve(DeviceState.CONFIG)
                    + ": signals: no signal map configured; give --simulate or set \"signals\"");
        }
        // A field device keeps working past a certificate's date unless told otherwise (DESIGN §4).
        TlsOptions tls = TlsJson.toOptions(config.tls(), dir.toAbsolutePath(),
                TlsOptions.builder().expiry(ExpiryPolicy.WARN), dir.resolve(DeviceState.CONFIG).toString());
        Device.Builder b = Device.builder().id(config.id()).tls(tls).signalMap(map).state(state)
                .password(state.password().orElse(null))
                .boardType(simulate ? SimulatedBoard.BOARD_TYPE : config.boardType());
        for (ServerAddress s : config.servers()) {
            b.server(s);
        }
        Switchbox box = switchbox.resolve(config.switchbox(), dir.toAbsolutePath(),
                TlsOptions.builder().expiry(ExpiryPolicy.WARN), dir.resolve(DeviceState.CONFIG).toString());
        if (box != null) {
            b.viaSwitchbox(box);
        }
        String route = config.servers().isEmpty() ? box.toString() : "server " + config.servers().get(0);
        CountDownLatch stop = new CountDownLatch(1);
        try (Device device = b.build()) {
            SimulatedBoard board = simulate
                    ? SimulatedBoard.on(device, System.nanoTime()) : null;
            Thread hook = Threads.onShutdown("ioswitch-device shutdown", () -> {
                stop.countDown();
                device.close();
            });
            java.io.PrintWriter out = spec.commandLine().getOut();
            device.addListener(new ConnectionListener() {
                @Override
                public void pairingPending(String code) {
                    // Also on stdout: the person at the board compares this with what the admin sees.
                    out.println("pairing code " + PairingCode.display(code) + ", waiting for approval");
                    out.flush();
                }
            });
            device.start();
            if (board != null) {
                board.start();
            }
            spec.commandLine().getOut().println("device " + device.id() + " running" + (simulate ? " (simulated)" : "")
                    + ", " + route);
            spec.commandLine().getOut().flush();
            if (seconds > 0) {
                stop.await(seconds, TimeUnit.SECONDS);
            } else {
                stop.await();
            }
            if (board != null) {
                board.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook closes the device
            }
        }
        return 0;
    }
}
