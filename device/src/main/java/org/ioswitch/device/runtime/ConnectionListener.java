package org.ioswitch.device.runtime;

import org.ioswitch.common.link.CloseReason;
import org.ioswitch.device.connect.ServerAddress;

/**
 * Told about a device's connection up: for status displays, tests and the CLI. Called on the device's own thread.
 * {@code server} is the address dialled: the home server, or the switchbox for a relayed connection.
 */
public interface ConnectionListener {
    /** Authenticated and announced; blocks are being resynchronized. */
    default void connected(ServerAddress server, String identity) {
    }

    /** A live connection ended. */
    default void disconnected(ServerAddress server, CloseReason reason) {
    }

    /** A connection attempt failed: refused by the server (the text has its reason), TLS failure or timeout. */
    default void failed(ServerAddress server, String reason) {
    }
}
