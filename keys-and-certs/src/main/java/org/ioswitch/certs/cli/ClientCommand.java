package org.ioswitch.certs.cli;

import org.ioswitch.certs.ca.Usage;
import picocli.CommandLine.Command;

/** {@code certs client NAME ...}: a client certificate (clientAuth) whose CN is the account name. */
@Command(name = "client", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Issue a client certificate (clientAuth, CN = account NAME): OUT/NAME.crt and OUT/NAME.key.")
final class ClientCommand extends IssueCommand {
    @Override
    Usage usage() {
        return Usage.CLIENT;
    }
}
