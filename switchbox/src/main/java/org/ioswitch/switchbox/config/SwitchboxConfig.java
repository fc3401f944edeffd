package org.ioswitch.switchbox.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigFile;
import org.ioswitch.common.config.ConfigObject;
import org.ioswitch.common.metrics.MetricsOptions;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.switchbox.route.NetworkOwners;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.switchbox.SwitchboxOptions;

/**
 * Reads {@code config.json} onto {@link SwitchboxOptions} with {@link ConfigFile}; every path is relative to the
 * config file:
 * <pre>
 * {"bind": "0.0.0.0", "port": 6372, "accounts": "accounts.json",
 *  "tls": {"certificate": "switchbox.crt", "privateKey": "switchbox.key", "trusted": "iocafe-root.crt",
 *          "requiredLevel": "tls", "clientCertificates": "optional"},
 *  "limits": {"helloTimeoutMillis": 10000, "idleTimeoutSeconds": 600, "maxStreamsPerTunnel": 1024,
 *             "maxPendingOpens": 64, "maxFrameSize": 65536, "keepaliveIntervalSeconds": 5,
 *             "keepaliveTimeoutSeconds": 15, "maxConnections": 1024, "maxUnauthenticatedPerAddress": 64,
 *             "ownerGraceSeconds": 300},
 *  "metrics": {"enabled": false, "address": "127.0.0.1", "port": 6373, "metricsToken": "..."}}
 * </pre>
 * The {@code tls} block is the DESIGN §4 block ({@link TlsOptions#fromConfig(ConfigObject, TlsOptions)}); a
 * switchbox defaults to {@code requiredLevel: tls} and {@code clientCertificates: optional}, since clients
 * authenticate to the home server, not to the relay.
 */
public final class SwitchboxConfig {
    /** TLS defaults of a switchbox listener, under whatever the file's {@code tls} block says. */
    static final TlsOptions TLS_DEFAULTS = TlsOptions.builder().requiredLevel(SecurityLevel.TLS)
            .clientCertificates(ClientCertificates.OPTIONAL).build();

    private SwitchboxConfig() {}

    /**
     * The options in {@code file}.
     *
     * @throws ConfigException naming the file, the key and what was expected
     */
    public static SwitchboxOptions load(Path file) throws ConfigException {
        ConfigObject root = ConfigFile.read(file).root();
        SwitchboxOptions.Builder b = SwitchboxOptions.builder()
                .bind(root.string("bind", "0.0.0.0"))
                .port((int) root.integer("port", SwitchboxOptions.DEFAULT_PORT, 0, 65535));
        Path accounts = root.path("accounts");
        b.accountsFile(accounts != null ? accounts : root.baseDir().resolve("accounts.json"))
                .tls(TlsOptions.fromConfig(root.object("tls"), TLS_DEFAULTS));
        ConfigObject limits = root.object("limits");
        long max = Integer.MAX_VALUE;
        TunnelOptions t = TunnelOptions.DEFAULT;
        b.helloTimeout(Duration.ofMillis(limits.integer("helloTimeoutMillis",
                        SwitchboxOptions.DEFAULT_HELLO_TIMEOUT.toMillis(), 1, max)))
                .idleTimeout(Duration.ofSeconds(limits.integer("idleTimeoutSeconds",
                        SwitchboxOptions.DEFAULT_IDLE_TIMEOUT.toSeconds(), 1, max)))
                .maxPendingOpens((int) limits.integer("maxPendingOpens",
                        SwitchboxOptions.DEFAULT_MAX_PENDING_OPENS, 1, max));
        TunnelOptions.Builder tunnel = t.toBuilder()
                .maxStreams((int) limits.integer("maxStreamsPerTunnel", t.maxStreams(), 1, max))
                .maxFrameSize((int) limits.integer("maxFrameSize", t.maxFrameSize(), WireLimits.MIN_FRAME_SIZE,
                        WireLimits.MAX_FRAME_SIZE))
                .keepaliveInterval(Duration.ofSeconds(limits.integer("keepaliveIntervalSeconds",
                        t.keepaliveInterval().toSeconds(), 1, max)))
                .keepaliveTimeout(Duration.ofSeconds(limits.integer("keepaliveTimeoutSeconds",
                        t.keepaliveTimeout().toSeconds(), 2, max)));
        b.caps(new ConnectionCaps.Limits(
                        (int) limits.integer("maxConnections", ConnectionCaps.Limits.DEFAULT.maxConnections(), 1, max),
                        (int) limits.integer("maxUnauthenticatedPerAddress",
                                ConnectionCaps.Limits.DEFAULT.maxUnauthenticatedPerAddress(), 1, max),
                        (int) limits.integer("maxHandshakes", ConnectionCaps.Limits.DEFAULT.maxHandshakes(), 1, max),
                        (int) limits.integer("handshakeQueue", ConnectionCaps.Limits.DEFAULT.handshakeQueue(), 0,
                                max)))
                .ownerGrace(Duration.ofSeconds(limits.integer("ownerGraceSeconds",
                        NetworkOwners.DEFAULT_GRACE.toSeconds(), 0, max)));
        limits.finish();
        ConfigObject metrics = root.object("metrics");
        boolean metricsOn = metrics.bool("enabled", false);
        String metricsAddress = metrics.string("address", "127.0.0.1");
        int metricsPort = (int) metrics.integer("port", MetricsOptions.DEFAULT_SWITCHBOX_PORT, 0, 65535);
        String token = metrics.string("metricsToken", null);
        metrics.finish();
        try {
            b.metrics(new MetricsOptions(metricsOn, new InetSocketAddress(metricsAddress, metricsPort), token));
        } catch (IllegalArgumentException e) {
            throw metrics.error("metricsToken", e.getMessage());
        }
        root.has("cluster"); // the cluster section is ClusterConfig's
        root.finish();
        try {
            return b.tunnel(tunnel.build()).build();
        } catch (IllegalArgumentException e) {
            throw root.error(e.getMessage());
        }
    }
}
