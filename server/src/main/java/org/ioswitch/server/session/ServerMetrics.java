package org.ioswitch.server.session;

import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.ioswitch.common.metrics.MetricsText;
import org.ioswitch.common.metrics.StandardMetrics;
import org.ioswitch.common.wire.WireCounters;
import org.ioswitch.server.registry.Network;

/**
 * One scrape of a home server's figures in the Prometheus text format: connections by role, devices online per
 * network, pairing, refused handshakes and logins (TLS listener and console alike) by reason, frames and bytes, the uplink's relayed streams, the
 * console's login sessions, the own certificate's expiry and the JVM heap. Read from the live objects each time;
 * nothing here keeps state.
 */
final class ServerMetrics {
    private final HomeServer server;
    private final Collection<Session> sessions;
    private final Map<String, LongAdder> handshakeFailures;
    private final WireCounters wire;
    private final List<X509Certificate> ownChain;
    private final InstantSource clock;

    ServerMetrics(HomeServer server, Collection<Session> sessions, Map<String, LongAdder> handshakeFailures,
                  WireCounters wire, List<X509Certificate> ownChain, InstantSource clock) {
        this.server = server;
        this.sessions = sessions;
        this.handshakeFailures = handshakeFailures;
        this.wire = wire;
        this.ownChain = ownChain;
        this.clock = clock;
    }

    String text() {
        MetricsText m = new MetricsText();
        Map<String, Integer> roles = new TreeMap<>(Map.of("device", 0, "operator", 0, "pairing", 0));
        for (Session s : sessions) {
            roles.merge(s.role(), 1, Integer::sum);
        }
        m.gauge("ioswitch_connections", "Live connections by the role of the peer");
        roles.forEach((role, n) -> m.sample(n, "role", role));

        m.gauge("ioswitch_devices_online", "Devices with a live session, by network");
        Map<String, int[]> devices = new TreeMap<>();
        for (String network : server.accounts().networks()) {
            int[] counts = new int[2];
            for (Network.DeviceView d : server.registry().network(network).devices()) {
                counts[0] += d.online() ? 1 : 0;
                counts[1]++;
            }
            devices.put(network, counts);
        }
        devices.forEach((network, c) -> m.sample(c[0], "network", network));
        m.gauge("ioswitch_devices_known", "Devices seen since the server started, by network");
        devices.forEach((network, c) -> m.sample(c[1], "network", network));

        m.gauge("ioswitch_pairing_pending", "Devices waiting for an admin to approve their pairing")
                .sample(server.pairing().pending().size());
        m.gauge("ioswitch_pairing_open", "1 while pairing is open").sample(server.pairing().isOpen() ? 1 : 0);

        m.counter("ioswitch_handshake_failures_total", "Connections refused or dropped before their session began, "
                + "by reason (tls, timeout, io, or the close code sent)");
        new TreeMap<>(handshakeFailures).forEach((reason, n) -> m.sample(n.sum(), "reason", reason));
        StandardMetrics.logins(m, server.authenticator().loginCounts());
        StandardMetrics.caps(m, server.caps());

        m.counter("ioswitch_wire_frames_total", "Frames read and written on device and operator connections")
                .sample(wire.framesIn(), "direction", "in").sample(wire.framesOut(), "direction", "out");
        m.counter("ioswitch_wire_bytes_total", "Frame bytes (headers included) read and written")
                .sample(wire.bytesIn(), "direction", "in").sample(wire.bytesOut(), "direction", "out");

        server.uplink().ifPresent(u -> {
            m.gauge("ioswitch_uplink_published", "1 while the uplink's tunnel to the switchbox is published")
                    .sample(u.status().published() ? 1 : 0);
            m.gauge("ioswitch_uplink_relayed_streams", "Relayed client streams open through the uplink's tunnel")
                    .sample(u.openStreams());
        });
        server.console().ifPresent(c -> m.gauge("ioswitch_console_sessions", "Live console login sessions")
                .sample(c.sessionCount()));
        StandardMetrics.certificate(m, ownChain, clock.instant());
        StandardMetrics.jvm(m);
        return m.toString();
    }
}
