package org.ioswitch.certs.cli;

import org.ioswitch.certs.ca.Usage;
import picocli.CommandLine.Command;

/**
 * {@code certs node NAME ...}: the certificate of one switchbox cluster node. NAME is the node id (its CN), the SAN
 * entries are the addresses other nodes dial on the peer port.
 */
@Command(name = "node", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Issue a switchbox cluster node certificate (serverAuth, clientAuth and the node marker, SAN URI "
                + Usage.SWITCHBOX_NODE_URI + "): OUT/NAME.crt and OUT/NAME.key; NAME is the node id.")
final class NodeCommand extends IssueCommand {
    @Override
    Usage usage() {
        return Usage.SWITCHBOX_NODE;
    }
}
