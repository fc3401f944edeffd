package org.ioswitch.switchbox.route;

import java.util.Optional;
import java.util.function.IntFunction;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.tunnel.TunnelStream;
import org.ioswitch.common.wire.WireException;

/**
 * Carries a client whose network has no tunnel on this node to the node that holds it (a switchbox cluster). The
 * router asks it only after {@link TunnelRegistry#lookup} found no local tunnel.
 */
@FunctionalInterface
public interface Forwarder {
    /** A single switchbox: there is no other node, so no network is served elsewhere. */
    Forwarder NONE = (network, open) -> Optional.empty();

    /**
     * Opens a stream for a client of {@code network} on the node that holds it; the owner has accepted it when this
     * returns.
     *
     * @param open builds the STREAM_OPEN for a stream id of the link it travels on
     * @return empty when no node serves the network
     * @throws WireException MOVING while the network changes node, LIMIT or another refusal from the owner
     */
    Optional<TunnelStream> forward(String network, IntFunction<StreamOpen> open) throws WireException;
}
