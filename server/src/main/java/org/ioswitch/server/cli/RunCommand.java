package org.ioswitch.server.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.server.config.ServerConfig;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code server run}: serves the directory until SIGTERM (or Ctrl-C), then shuts down cleanly. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the server of a directory until SIGTERM.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    DirOption dir;

    @Option(names = "--port", paramLabel = "N", description = "TLS port (default: listen.port of config.json, 6369).")
    Integer port;

    @Option(names = "--listen", paramLabel = "ADDRESS", description = "Address to listen on (default: config.json).")
    String listen;

    @Option(names = "--auto-approve", description = "Pair every device that asks, without an admin (demos and "
            + "tests only: anyone on the network gets an account).")
    boolean autoApprove;

    @Override
    public Integer call() throws Exception {
        ServerOptions options = ServerConfig.read(dir.dir, port);
        if (autoApprove) {
            options = options.toBuilder().pairing(options.pairing().toBuilder().autoApprove(true).build()).build();
        }
        if (listen != null) {
            options = options.toBuilder().listen(listen, options.listen().getPort()).build();
        }
        HomeServer server = HomeServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        // The hook closes listeners and sends CLOSE SHUTDOWN to every peer; accounts are written on each change.
        Threads.onShutdown("ioswitch-shutdown", () -> {
            server.close();
            stopped.countDown();
        });
        stopped.await();
        return 0;
    }
}
