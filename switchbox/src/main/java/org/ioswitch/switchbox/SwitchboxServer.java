package org.ioswitch.switchbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.tls.OwnCertificateExpiry;
import org.ioswitch.common.metrics.MetricsListener;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.switchbox.account.Accounts;
import org.ioswitch.switchbox.account.PublisherAuthenticator;
import org.ioswitch.switchbox.cluster.ClusterNode;
import org.ioswitch.switchbox.cluster.ClusterOptions;
import org.ioswitch.switchbox.route.Forwarder;
import org.ioswitch.switchbox.route.InMemoryTunnelRegistry;
import org.ioswitch.switchbox.route.RelayTap;
import org.ioswitch.switchbox.route.Router;
import org.ioswitch.switchbox.route.TunnelRegistry;
import org.tinylog.Logger;

/**
 * The switchbox process: one TLS listener (no plain listener exists) whose connections are publishers (home servers'
 * uplinks) or clients relayed to them. Start with {@link #start}; {@link #close} stops listening and closes every
 * tunnel and client with SHUTDOWN.
 */
public final class SwitchboxServer implements AutoCloseable {
    private final SwitchboxOptions options;
    private final TlsServerContext tls;
    private final Router router;
    private final ServerSocket listener;
    /** Warns from 30 days before the switchbox's own certificate expires. */
    private final OwnCertificateExpiry expiryWarning;
    private final ClusterNode cluster;
    private volatile boolean closed;
    /** The {@code /metrics} listener, when enabled; set once in {@link #start}. */
    private volatile MetricsListener metrics;

    private SwitchboxServer(SwitchboxOptions options, TunnelRegistry registry, Forwarder forwarder, RelayTap tap,
            InstantSource clock, ClusterNode cluster) throws IOException, TlsSetupException, ConfigException {
        this.cluster = cluster;
        this.options = Objects.requireNonNull(options, "options");
        Accounts accounts = Accounts.load(options.accountsFile());
        this.tls = TlsServerContext.open(options.tls());
        this.listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(options.bind()), options.port()), 256);
        } catch (IOException e) {
            tls.close();
            listener.close();
            throw new IOException("cannot listen on " + options.bind() + ":" + options.port() + ": " + e.getMessage(),
                    e);
        }
        PublisherAuthenticator authenticator = new PublisherAuthenticator(accounts,
                new LoginThrottle(options.loginThrottle(), clock));
        this.router = cluster == null ? new Router(options, registry, forwarder, authenticator, tls, tap, clock)
                : new Router(options, registry, forwarder, cluster.owners(), authenticator, tls, tap, clock);
        this.expiryWarning = OwnCertificateExpiry.watch(tls, clock, "switchbox");
    }

    /**
     * Reads the accounts and TLS material, binds the port and starts accepting, with an in-memory registry.
     *
     * @throws IOException when the port cannot be bound
     * @throws TlsSetupException naming the TLS file or setting that is wrong
     * @throws ConfigException naming the accounts file and key that is wrong
     */
    public static SwitchboxServer start(SwitchboxOptions options)
            throws IOException, TlsSetupException, ConfigException {
        return start(options, new InMemoryTunnelRegistry(), RelayTap.NONE);
    }

    /** As {@link #start(SwitchboxOptions)} with a given registry and a tap that sees relayed bytes. */
    public static SwitchboxServer start(SwitchboxOptions options, TunnelRegistry registry, RelayTap tap)
            throws IOException, TlsSetupException, ConfigException {
        return start(options, registry, tap, InstantSource.system());
    }

    /**
     * As {@link #start(SwitchboxOptions, TunnelRegistry, RelayTap)} with the clock of the login throttle and of the
     * peer log (tests move it).
     */
    public static SwitchboxServer start(SwitchboxOptions options, TunnelRegistry registry, RelayTap tap,
            InstantSource clock) throws IOException, TlsSetupException, ConfigException {
        SwitchboxServer server = new SwitchboxServer(options, registry, Forwarder.NONE, tap, clock, null);
        server.startMetrics(clock);
        Threads.start("ioswitch-switchbox-accept :" + server.listener.getLocalPort(), server::acceptLoop);
        Logger.info("listening on {}:{} TLS", server.options.bind(), server.port());
        return server;
    }

    /**
     * A node of a switchbox cluster (docs/cluster.md): joins it (etcd lease, node record, peer port), then serves as
     * {@link #start(SwitchboxOptions)} with the claims in etcd and clients of networks held elsewhere forwarded.
     *
     * @throws IOException when a port cannot be bound or etcd does not answer
     * @throws TlsSetupException naming the TLS file or setting that is wrong
     * @throws ConfigException naming the accounts file and key that is wrong
     */
    public static SwitchboxServer start(SwitchboxOptions options, ClusterOptions clusterOptions, RelayTap tap)
            throws IOException, TlsSetupException, ConfigException {
        ClusterNode node = ClusterNode.join(clusterOptions, options, tap);
        try {
            SwitchboxServer server = new SwitchboxServer(options, node.registry(), node.forwarder(), tap,
                    InstantSource.system(), node);
            server.startMetrics(InstantSource.system());
            Threads.start("ioswitch-switchbox-accept :" + server.listener.getLocalPort(), server::acceptLoop);
            Logger.info("listening on {}:{} TLS, cluster node {} (peer port {})", server.options.bind(), server.port(),
                    node.nodeId(), node.peerPort());
            return server;
        } catch (IOException | TlsSetupException | ConfigException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** Starts the {@code /metrics} listener when the options enable it; closes the server if it cannot. */
    private void startMetrics(InstantSource clock) throws IOException {
        if (!options.metrics().enabled()) {
            return;
        }
        try {
            metrics = MetricsListener.start(options.metrics().listen(), options.metrics().token(), tls,
                    new SwitchboxMetrics(router, tls, clock)::text, router.peerLog());
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The cluster membership of a cluster node, empty on a single switchbox. */
    public Optional<ClusterNode> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return listener.getLocalPort();
    }

    /** The {@code /metrics} listener's address, when enabled. */
    public java.util.Optional<InetSocketAddress> metricsAddress() {
        MetricsListener m = metrics;
        return m == null ? java.util.Optional.empty() : java.util.Optional.of(m.address());
    }

    /** The router, for its tunnels and relay count. */
    public Router router() {
        return router;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket tcp = listener.accept();
                tcp.setTcpNoDelay(true);
                router.handle(tcp);
            } catch (IOException e) {
                if (!closed) {
                    Logger.error(e, "accept failed on port {}", port());
                }
            }
        }
    }

    /** Stops listening, closes every tunnel and client with SHUTDOWN. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cluster != null) {
            // the claims end before the tunnels, so their publishers find the networks free on another node
            cluster.leave();
        }
        try {
            listener.close();
        } catch (IOException e) {
            Logger.debug(e, "closing listener");
        }
        router.close();
        expiryWarning.close();
        if (metrics != null) {
            metrics.close();
        }
        tls.close();
        if (cluster != null) {
            cluster.close();
        }
        Logger.info("switchbox on port {} stopped", port());
    }
}
