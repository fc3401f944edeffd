package org.ioswitch.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dir} option every subcommand shares. */
final class DirOption {
    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "The server directory (config.json, accounts.json, certificates).")
    Path dir;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;
}
