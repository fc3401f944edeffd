package org.ioswitch.switchbox;

import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import org.ioswitch.common.metrics.MetricsText;
import org.ioswitch.common.metrics.StandardMetrics;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.switchbox.route.Router;

/**
 * One scrape of a switchbox's figures in the Prometheus text format: connections by role (publishing home servers,
 * relayed clients), tunnels, streams and bytes per tunnel, refused connections and publisher logins by reason, the
 * own certificate's expiry and the JVM heap. Read from the live router each time.
 */
final class SwitchboxMetrics {
    private final Router router;
    private final TlsServerContext tls;
    private final InstantSource clock;

    SwitchboxMetrics(Router router, TlsServerContext tls, InstantSource clock) {
        this.router = router;
        this.tls = tls;
        this.clock = clock;
    }

    String text() {
        MetricsText m = new MetricsText();
        List<Tunnel> tunnels = router.tunnels().stream().sorted(Comparator.comparing(Tunnel::name)).toList();
        m.gauge("ioswitch_connections", "Live connections by role: home servers publishing, clients relayed")
                .sample(tunnels.size(), "role", "publisher").sample(router.relayCount(), "role", "client");
        m.gauge("ioswitch_relay_tunnels", "Published tunnels from home servers").sample(tunnels.size());
        m.gauge("ioswitch_relay_streams", "Relayed client streams open, by tunnel");
        tunnels.forEach(t -> m.sample(t.streams().size(), "tunnel", t.name()));
        m.counter("ioswitch_relay_tunnel_bytes_total", "Stream bytes carried by each live tunnel, by direction "
                + "(in: from the home server)");
        tunnels.forEach(t -> m.sample(t.bytesIn(), "tunnel", t.name(), "direction", "in")
                .sample(t.bytesOut(), "tunnel", t.name(), "direction", "out"));
        m.counter("ioswitch_handshake_failures_total", "Connections refused or dropped before they became a tunnel "
                + "or a relay, by reason (tls, io, or the close code sent)");
        router.refusals().forEach((reason, n) -> m.sample(n, "reason", reason));
        StandardMetrics.logins(m, router.loginCounts());
        StandardMetrics.caps(m, router.caps());
        StandardMetrics.certificate(m, tls.ownChain(), clock.instant());
        StandardMetrics.jvm(m);
        return m.toString();
    }
}
