package org.ioswitch.server.uplink;

import java.util.Objects;

/**
 * A client the switchbox relays to this server.
 *
 * @param address {@code host:port} of the client as the switchbox saw it
 * @param network the network it asked for
 * @param endToEnd true when an inner TLS session follows; false when the client chose RELAY_CLEAR
 * @param outerTls the client's TLS session with the switchbox, e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256 TLS}
 * @param outerSubject subject of the client certificate on the outer session, empty when none
 */
public record RelayedClient(String address, String network, boolean endToEnd, String outerTls, String outerSubject) {
    /** Checks the fields. */
    public RelayedClient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(outerTls, "outerTls");
        Objects.requireNonNull(outerSubject, "outerSubject");
    }
}
