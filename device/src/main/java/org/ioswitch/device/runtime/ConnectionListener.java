package org.ioswitch.device.runtime;

import java.util.List;
import org.ioswitch.device.connect.Hop;

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

    /**
     * As {@link #connected(ServerAddress, String)}, with the TLS sessions on the way (one direct, two through a
     * switchbox); by default forwards to the two-argument form.
     */
    default void connected(ServerAddress server, String identity, List<Hop> hops) {
        connected(server, identity);
    }

    /** A live connection ended. */
    default void disconnected(ServerAddress server, CloseReason reason) {
    }

    /** The device waits for an admin's approval and shows this pairing code (six digits). */
    default void pairingPending(String code) {
    }

    /** A connection attempt failed: refused by the server (the text has its reason), TLS failure or timeout. */
    default void failed(ServerAddress server, String reason) {
    }
}
