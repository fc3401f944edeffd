package org.ioswitch.switchbox.route;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.ioswitch.common.auth.LoginCounts;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.link.Deadline;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.common.net.HandshakeGate;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelFrame.StreamOpen;
import org.ioswitch.common.tunnel.TunnelStream;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.account.PublisherAuthenticator;
import org.tinylog.Logger;

/**
 * Serves accepted connections: TLS, then the hello within {@code helloTimeout}; a SERVICE hello becomes a publisher
 * whose tunnel is registered for its networks, any other role is a client relayed as one stream through the tunnel
 * of the network its hello names. A stream only ever enters the tunnel registered for its own network.
 */
public final class Router implements AutoCloseable {
    private final SwitchboxOptions options;
    private final TunnelRegistry registry;
    private final Forwarder forwarder;
    private final PublisherAuthenticator authenticator;
    private final TlsServerContext tls;
    private final RelayTap tap;
    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();
    private final Set<Tunnel> tunnels = ConcurrentHashMap.newKeySet();
    private final Set<Socket> handshaking = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Closes tunnels and relays that a trust or account change no longer admits. */
    private final Admissions admissions;
    /** Lines about misbehaving peers, collapsed per address; the metrics listener writes its refusals here too. */
    private final PeerLog peerLog;
    private final ConnectionCaps caps;
    private final NetworkOwners owners;
    private volatile boolean closing;
    /** Connections refused or dropped before they became a tunnel or a relay, by reason (for metrics). */
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

    /** A router of a single switchbox; starts the idle sweeper. */
    public Router(SwitchboxOptions options, TunnelRegistry registry, PublisherAuthenticator authenticator,
            TlsServerContext tls, RelayTap tap) {
        this(options, registry, Forwarder.NONE, authenticator, tls, tap, java.time.InstantSource.system());
    }

    /**
     * A router that hands clients of networks held elsewhere to {@code forwarder}, with the publisher bindings in
     * memory; starts the idle sweeper. {@code clock} is the peer log's (tests move it).
     */
    public Router(SwitchboxOptions options, TunnelRegistry registry, Forwarder forwarder,
            PublisherAuthenticator authenticator, TlsServerContext tls, RelayTap tap, java.time.InstantSource clock) {
        this(options, registry, forwarder, new InMemoryNetworkOwners(options.ownerGrace(),
                java.time.InstantSource.system()), authenticator, tls, tap, clock);
    }

    /**
     * A router whose registry, forwarder and publisher bindings may be shared with other nodes (a cluster); starts
     * the idle sweeper. {@code clock} is the peer log's (tests move it).
     */
    public Router(SwitchboxOptions options, TunnelRegistry registry, Forwarder forwarder, NetworkOwners owners,
            PublisherAuthenticator authenticator, TlsServerContext tls, RelayTap tap, java.time.InstantSource clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.tap = Objects.requireNonNull(tap, "tap");
        this.admissions = new Admissions(tls, authenticator.accounts());
        this.caps = new ConnectionCaps(options.caps());
        this.owners = Objects.requireNonNull(owners, "owners");
        this.peerLog = new PeerLog(clock);
        Threads.start("ioswitch-switchbox-idle", this::sweepIdle);
    }

    /** Serves one accepted TCP connection on its own thread, or refuses it at once when it is over a cap. */
    public void handle(Socket tcp) {
        String refusal = caps.refusal(tcp.getInetAddress(), handshaking.size() + relays.size() + tunnels.size(),
                handshaking);
        if (refusal != null) {
            peerLog.info(address(tcp), "refused {} at once: {}", tcp.getRemoteSocketAddress(), refusal);
            closeQuietly(tcp);
            return;
        }
        HandshakeGate gate = caps.handshakes();
        HandshakeGate.Ticket ticket = gate.admit();
        if (ticket == null) {
            peerLog.info(address(tcp), "refused {} at once: over the handshake bound: {} TLS handshakes in progress, "
                    + "{} waiting (limits.maxHandshakes {}, limits.handshakeQueue {})", tcp.getRemoteSocketAddress(),
                    gate.inProgress(), gate.waiting(), gate.slots(), gate.queue());
            closeQuietly(tcp);
            return;
        }
        // Counted from accept on (not from when its thread runs), so a burst cannot slip past the per-address cap.
        handshaking.add(tcp);
        Threads.start("ioswitch-switchbox-conn " + tcp.getRemoteSocketAddress(), () -> serve(tcp, ticket));
    }

    /** Live tunnels. */
    public Set<Tunnel> tunnels() {
        return Set.copyOf(tunnels);
    }

    /**
     * Where lines about misbehaving peers go, collapsed per address: the switchbox's one such log, which its
     * {@code /metrics} listener shares.
     */
    public PeerLog peerLog() {
        return peerLog;
    }

    /** The connection caps and what they refused, for metrics. */
    public ConnectionCaps caps() {
        return caps;
    }

    /** Refused or dropped connections so far, by reason ({@code tls}, {@code io}, or the close code sent). */
    public Map<String, Long> refusals() {
        Map<String, Long> out = new TreeMap<>();
        refusals.forEach((reason, n) -> out.put(reason, n.sum()));
        return out;
    }

    /** What the publisher login throttle did, for metrics. */
    public LoginCounts loginCounts() {
        return authenticator.loginCounts();
    }

    /** Relayed streams in progress. */
    public int relayCount() {
        return relays.size();
    }

    /** Closes every tunnel (TUNNEL_CLOSE SHUTDOWN) and relayed client. */
    @Override
    public void close() {
        closing = true;
        stopped.countDown();
        admissions.close();
        peerLog.flush();
        handshaking.forEach(Router::closeQuietly);
        relays.forEach(r -> r.close(CloseCode.SHUTDOWN, "switchbox shutting down"));
        tunnels.forEach(t -> t.close(CloseCode.SHUTDOWN, "switchbox shutting down"));
    }

    private void serve(Socket tcp, HandshakeGate.Ticket ticket) {
        String peer = String.valueOf(tcp.getRemoteSocketAddress());
        Deadline deadline = Deadline.after(options.helloTimeout());
        TlsConnection conn = null;
        try {
            try (ticket) {
                // The wait for a slot (at most half: the peer's own deadline runs from its connect) and the handshake
                // share the hello timeout; the slot is free again after TLS.
                Duration waited = ticket.awaitTurn(options.helloTimeout().dividedBy(2));
                if (tcp.isClosed()) {
                    throw new IOException("closed while waiting for a TLS handshake slot");
                }
                Duration left = options.helloTimeout().minus(waited);
                conn = tls.accept(tcp, left.toMillis() < 1 ? Duration.ofMillis(1) : left);
            }
            if (closing) {
                throw new WireException(CloseCode.SHUTDOWN, "switchbox shutting down");
            }
            Hello hello = readHello(conn, peer, deadline);
            if (hello.version() != Hello.VERSION) {
                throw new WireException(CloseCode.UNSUPPORTED_VERSION, "protocol version " + hello.version()
                        + " is not supported, expected " + Hello.VERSION);
            }
            if (hello.role() == Role.SERVICE) {
                Publisher publisher = new Publisher(options, registry, owners, authenticator, conn, peer, deadline,
                        peerLog);
                Tunnel tunnel = publisher.publish(hello);
                tunnels.add(tunnel);
                admissions.tunnel(tunnel, new Admissions.Admitted(publisher.account(), publisher.networks(),
                        conn.facts().peerChain()));
                tunnel.ended().thenRun(() -> tunnels.remove(tunnel));
                if (closing) {
                    tunnel.close(CloseCode.SHUTDOWN, "switchbox shutting down");
                }
            } else {
                conn.socket().setSoTimeout(0);
                relay(conn, hello, peer);
            }
        } catch (WireException e) {
            refused(e.code().name().toLowerCase(Locale.ROOT));
            peerLog.info(address(tcp), "refused {}: {} {}", peer, e.code(), e.getMessage());
            if (conn != null) {
                sendClose(conn, new Close(e.code(), e.text()));
            }
        } catch (Publisher.RefusalSent e) {
            closeQuietly(tcp); // the publisher logged its refusal
        } catch (IOException e) {
            refused(conn == null ? "tls" : "io");
            peerLog.info(address(tcp), "dropped {}: {}", peer, e.getMessage());
            closeQuietly(tcp);
        } finally {
            handshaking.remove(tcp);
        }
    }

    private static String address(Socket tcp) {
        return tcp.getInetAddress().getHostAddress();
    }

    private void refused(String reason) {
        refusals.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    private static Hello readHello(TlsConnection conn, String peer, Deadline deadline) throws IOException {
        try {
            deadline.arm(conn.socket(), "hello");
        } catch (SocketTimeoutException e) {
            throw new WireException(CloseCode.TIMEOUT, "no hello: the hello timeout passed during TLS");
        }
        try {
            return FrameReader.readHello(conn.socket().getInputStream());
        } catch (SocketTimeoutException e) {
            throw new WireException(CloseCode.TIMEOUT, "peer " + peer + ": no hello within the hello timeout");
        }
    }

    private void relay(TlsConnection conn, Hello hello, String peer) throws IOException {
        String network = hello.network();
        InetSocketAddress client = (InetSocketAddress) conn.socket().getRemoteSocketAddress();
        var facts = conn.facts();
        IntFunction<StreamOpen> open = id -> new StreamOpen(id, network, client.getAddress().getHostAddress(),
                client.getPort(), facts.protocol(), facts.cipherSuite(), facts.level().name(), facts.peerSubject());
        Optional<Tunnel> local = registry.lookup(network);
        TunnelStream stream;
        if (local.isPresent()) {
            stream = openStream(options, local.get(), network, open);
        } else {
            stream = forwarder.forward(network, open).orElseThrow(() -> new WireException(CloseCode.UNKNOWN_NETWORK,
                    "network \"" + network + "\" is not published on this switchbox"));
        }
        Relay relay = new Relay(this, conn, network, stream, tap);
        relays.add(relay);
        admissions.relay(relay, facts.peerChain());
        Logger.info("relaying {} to network {} as stream {} ({}{})", peer, network, stream.id(), facts.describe(),
                (hello.flags() & Hello.RELAY_CLEAR) != 0 ? ", RELAY_CLEAR: no end-to-end TLS" : ", end-to-end TLS");
        relay.start(FrameWriter.encodeHello(hello));
    }

    /**
     * Opens a client's stream on the local tunnel of its network within the tunnel limits (also for clients another
     * cluster node forwarded here).
     *
     * @throws WireException LIMIT naming the limit reached, SHUTDOWN when the tunnel has closed
     */
    public static TunnelStream openStream(SwitchboxOptions options, Tunnel tunnel, String network,
            IntFunction<StreamOpen> open) throws WireException {
        if (tunnel.pendingOpens() >= options.maxPendingOpens()) {
            throw new WireException(CloseCode.LIMIT, "network " + network + ": " + options.maxPendingOpens()
                    + " streams already wait for the home server (maxPendingOpens)");
        }
        if (tunnel.streams().size() >= options.tunnel().maxStreams()) {
            throw new WireException(CloseCode.LIMIT, "network " + network + ": the tunnel carries the maximum of "
                    + options.tunnel().maxStreams() + " streams (maxStreamsPerTunnel)");
        }
        return tunnel.open(open.apply(tunnel.nextStreamId()));
    }

    void ended(Relay relay) {
        relays.remove(relay);
        admissions.ended(relay);
    }

    private void sweepIdle() {
        long idle = options.idleTimeout().toNanos();
        long every = Math.max(50, options.idleTimeout().toMillis() / 4);
        try {
            while (!stopped.await(every, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                for (Relay r : relays) {
                    if (now - r.lastActivity() > idle) {
                        r.close(CloseCode.TIMEOUT, "no bytes either way for " + options.idleTimeout()
                                + " (idleTimeout)");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sendClose(TlsConnection conn, Close close) {
        try {
            FrameWriter writer = new FrameWriter(conn.socket().getOutputStream());
            writer.write(close);
            writer.flush();
        } catch (IOException e) {
            Logger.debug("could not send {}: {}", close, e.getMessage());
        } finally {
            closeQuietly(conn);
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            Logger.debug("closing {}: {}", c, e.getMessage());
        }
    }
}
