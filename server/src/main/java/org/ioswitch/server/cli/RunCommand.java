package org.ioswitch.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code server run}: serves the directory until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the server of a directory.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    DirOption dir;

    @Override
    public Integer call() throws Exception {
        throw new UnsupportedOperationException("server run needs the session layer, which is not built yet");
    }
}
