package org.ioswitch.switchbox.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelFrame.StreamClose;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.tunnel.TunnelStream;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.route.RelayTap;
import org.ioswitch.switchbox.route.Router;
import org.tinylog.Logger;

/**
 * The owner's side of a forwarded client: a stream another node opened on its link. The owner re-checks its claim
 * (in etcd, not only in its copy), opens a stream on the home server's tunnel within the same limits as for its own
 * clients, answers {@link #HERE} and then splices the two streams, bytes unread: with end-to-end TLS they are the inner
 * session's records. A network it does not hold is answered with STREAM_CLOSE NOT_HERE.
 */
final class ForwardedOpens implements Tunnel.StreamHandler {
    /** The owner's "accepted" byte, the first on a forwarded stream; the forwarder consumes it. */
    static final int HERE = 0x48;

    private final EtcdTunnelRegistry registry;
    private final SwitchboxOptions options;
    private final RelayTap tap;
    private final String nodeId;

    ForwardedOpens(EtcdTunnelRegistry registry, SwitchboxOptions options, RelayTap tap, String nodeId) {
        this.registry = registry;
        this.options = options;
        this.tap = tap;
        this.nodeId = nodeId;
    }

    @Override
    public void opened(TunnelStream fromPeer) {
        StreamOpen info = fromPeer.info();
        String network = info.network();
        Tunnel tunnel = registry.lookup(network).orElse(null);
        if (tunnel == null || !registry.holds(network)) {
            fromPeer.close(CloseCode.NOT_HERE, "network " + network + " is not held by node " + nodeId);
            return;
        }
        TunnelStream toHome;
        try {
            toHome = Router.openStream(options, tunnel, network, id -> new StreamOpen(id, network, info.clientHost(),
                    info.clientPort(), info.tlsProtocol(), info.tlsCipherSuite(), info.tlsLevel(),
                    info.clientSubject()));
            fromPeer.output().write(HERE);
            fromPeer.output().flush();
        } catch (WireException e) {
            fromPeer.close(e.code(), e.text());
            return;
        } catch (IOException e) {
            fromPeer.close(CloseCode.INTERNAL, "forwarding failed: " + e.getMessage());
            return;
        }
        Logger.info("forwarded client {} of {} relayed by node {} as stream {} (link stream {})", info.clientAddress(),
                network, nodeId, toHome.id(), fromPeer.id());
        String name = network + " forwarded stream " + toHome.id();
        Threads.start("ioswitch-forward-up " + name, () -> pump(fromPeer, toHome, network, true));
        pump(toHome, fromPeer, network, false);
    }

    /** Copies until {@code from} ends, then ends {@code to} with the same reason. */
    private void pump(TunnelStream from, TunnelStream to, String network, boolean toHome) {
        byte[] buf = new byte[16 * 1024];
        InputStream in = from.input();
        OutputStream out = to.output();
        TunnelStream homeSide = toHome ? to : from;
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                tap.relayed(network, homeSide.id(), toHome, buf, 0, n);
                out.write(buf, 0, n);
                out.flush();
            }
            StreamClose why = from.peerClose();
            to.close(why == null ? CloseCode.NORMAL : why.code(), why == null ? "" : why.text());
        } catch (IOException e) {
            to.close(CloseCode.NORMAL, (toHome ? "forwarding node: " : "home server: ") + e.getMessage());
            from.close(CloseCode.NORMAL, e.getMessage());
        }
    }
}
