package org.ioswitch.certs.cli;

import org.ioswitch.certs.ca.Usage;
import picocli.CommandLine.Command;

/** {@code certs server NAME ...}: a server certificate (serverAuth) with the SAN entries given. */
@Command(name = "server", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Issue a server certificate (serverAuth): OUT/NAME.crt (leaf + root) and OUT/NAME.key.")
final class ServerCommand extends IssueCommand {
    @Override
    Usage usage() {
        return Usage.SERVER;
    }
}
