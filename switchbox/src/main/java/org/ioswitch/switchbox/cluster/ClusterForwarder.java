package org.ioswitch.switchbox.cluster;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntFunction;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelFrame.StreamClose;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.tunnel.TunnelStream;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.switchbox.route.Forwarder;
import org.tinylog.Logger;

/**
 * Carries a client to the node that holds its network: finds the owner in the watched copy, opens a stream on the
 * link to it and waits for the owner's verdict, one byte {@link ForwardedOpens#HERE} or a STREAM_CLOSE. NOT_HERE (the
 * copy was stale) makes it read the claim from etcd and try the node named there, once. A network whose claim went
 * away a moment ago, or whose owner cannot be reached, is "moving": the client is told when to retry.
 */
final class ClusterForwarder implements Forwarder {
    /** What a client is told to wait: about one keepalive of the lease plus a publisher's reconnect. */
    static final int RETRY_SECONDS = 2;

    private final String nodeId;
    private final ClusterView view;
    private final NodeLinks links;
    private final Duration verdictTimeout;
    private final Duration movingWindow;

    /**
     * @param movingWindow how long after a claim went away a client hears "moving" instead of "unknown network"
     */
    ClusterForwarder(String nodeId, ClusterView view, NodeLinks links, Duration verdictTimeout, Duration movingWindow) {
        this.nodeId = nodeId;
        this.view = view;
        this.links = links;
        this.verdictTimeout = verdictTimeout;
        this.movingWindow = movingWindow;
    }

    @Override
    public Optional<TunnelStream> forward(String network, IntFunction<StreamOpen> open) throws WireException {
        Optional<ClusterView.Claim> claim = view.claim(network);
        for (int attempt = 0; attempt < 2; attempt++) {
            if (claim.isEmpty()) {
                if (view.vanishedAgo(network).filter(ago -> ago < movingWindow.toNanos()).isPresent()) {
                    throw moving(network, "its node left");
                }
                return Optional.empty();
            }
            String owner = claim.get().node();
            if (owner.equals(nodeId)) {
                throw moving(network, "its tunnel on this node is changing");
            }
            Optional<ClusterView.Node> node = view.node(owner);
            if (node.isEmpty()) {
                throw moving(network, "node " + owner + " has no record");
            }
            Optional<TunnelStream> here = tryOwner(network, node.get(), open);
            if (here.isPresent()) {
                return here;
            }
            try {
                claim = view.refresh(network);
            } catch (WireException e) {
                throw moving(network, e.getMessage());
            }
        }
        throw moving(network, "the owner changed while forwarding");
    }

    /** The stream to the owner, or empty when it answered NOT_HERE. */
    private Optional<TunnelStream> tryOwner(String network, ClusterView.Node node, IntFunction<StreamOpen> open)
            throws WireException {
        TunnelStream stream;
        try {
            Tunnel link = links.to(node);
            stream = link.open(open.apply(link.nextStreamId()));
        } catch (IOException e) {
            Logger.info("cluster: cannot forward {} to node {}: {}", network, node.id(), e.getMessage());
            throw moving(network, "node " + node.id() + " cannot be reached");
        }
        try {
            stream.socket().setSoTimeout((int) verdictTimeout.toMillis());
            int verdict = stream.input().read();
            stream.socket().setSoTimeout(0);
            if (verdict == ForwardedOpens.HERE) {
                return Optional.of(stream);
            }
            StreamClose close = stream.peerClose();
            stream.close(CloseCode.PROTOCOL_ERROR, "expected the owner's verdict");
            if (close == null) {
                throw moving(network, "node " + node.id() + " sent no verdict");
            }
            if (close.code() == CloseCode.NOT_HERE) {
                Logger.info("cluster: node {} says {} is not there ({}); looking again", node.id(), network,
                        close.text());
                return Optional.empty();
            }
            throw new WireException(close.code(), close.text());
        } catch (SocketTimeoutException e) {
            stream.close(CloseCode.TIMEOUT, "no verdict within " + verdictTimeout.toMillis() + " ms");
            throw moving(network, "node " + node.id() + " did not answer within " + verdictTimeout.toMillis() + " ms");
        } catch (WireException e) {
            throw e;
        } catch (IOException e) {
            stream.close(CloseCode.INTERNAL, e.getMessage());
            throw moving(network, "node " + node.id() + ": " + e.getMessage());
        }
    }

    private WireException moving(String network, String why) {
        return new WireException(CloseCode.MOVING, "network " + network + " is moving (" + why + "); retry in "
                + RETRY_SECONDS + " s");
    }
}
