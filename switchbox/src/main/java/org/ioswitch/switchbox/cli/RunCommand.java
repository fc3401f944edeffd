package org.ioswitch.switchbox.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.SwitchboxServer;
import org.ioswitch.switchbox.cluster.ClusterOptions;
import org.ioswitch.switchbox.config.ClusterConfig;
import org.ioswitch.switchbox.config.SwitchboxConfig;
import org.ioswitch.switchbox.route.RelayTap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchbox run --dir D [--port 6372]}: serves until SIGTERM, then closes every tunnel with SHUTDOWN. With a
 * {@code cluster} section in config.json it runs as a cluster node and revokes its lease first on SIGTERM.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the switchbox (TLS only).")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Switchbox directory (holds config.json).")
    Path dir;

    @Option(names = "--port", description = "TLS port; overrides config.json (default: the config's, 6372).")
    Integer port;

    @Option(names = "--bind", description = "Listen address; overrides config.json.")
    String bind;

    @Override
    public Integer call() {
        SwitchboxOptions options;
        SwitchboxServer server;
        try {
            options = SwitchboxConfig.load(dir.resolve("config.json"));
            SwitchboxOptions.Builder b = options.toBuilder();
            if (port != null) {
                b.port(port);
            }
            if (bind != null) {
                b.bind(bind);
            }
            Optional<ClusterOptions> cluster = ClusterConfig.load(dir.resolve("config.json"));
            server = cluster.isPresent() ? SwitchboxServer.start(b.build(), cluster.get(), RelayTap.NONE)
                    : SwitchboxServer.start(b.build());
        } catch (ConfigException | TlsSetupException | IOException | IllegalArgumentException e) {
            return SwitchboxCommand.fail(spec, e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Threads.onShutdown("ioswitch-switchbox-shutdown", () -> {
            server.close();
            stopped.countDown();
        });
        try {
            stopped.await();
        } catch (InterruptedException e) {
            server.close();
        }
        return 0;
    }
}
