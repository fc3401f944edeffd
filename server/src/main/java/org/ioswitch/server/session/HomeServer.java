package org.ioswitch.server.session;


import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.time.InstantSource;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.common.net.HandshakeGate;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.OwnCertificateExpiry;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.server.account.Account;
import org.ioswitch.common.wire.WireCounters;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.account.AccountsException;
import org.ioswitch.server.account.Authenticator;
import org.ioswitch.server.admin.AdminCommands;
import org.ioswitch.server.admin.AdminServer;
import org.ioswitch.server.admin.AuditLog;
import org.ioswitch.server.console.ConsoleBackend;
import org.ioswitch.server.console.ConsoleServer;
import org.ioswitch.server.pairing.Pairing;
import org.ioswitch.server.pairing.PairingStateException;
import org.ioswitch.common.files.CoalescingWriter;
import org.ioswitch.server.registry.ImageStore;
import org.ioswitch.server.registry.DeviceLink;
import org.ioswitch.server.registry.Registry;
import org.ioswitch.server.uplink.RelayedClient;
import org.ioswitch.server.uplink.Uplink;
import org.tinylog.Logger;

/**
 * The home IO server: a TLS listener (and a plain one only when enabled), one {@link Handshake} per accepted
 * connection, then a device or operator session on a {@link Link}, all sharing one {@link Registry} and the
 * directory's {@link AccountStore}. The networks served are those that have accounts; the store is re-read when
 * {@code accounts.json} changes, so a network or account added by the CLI is served without a restart.
 */
public final class HomeServer implements AutoCloseable {
    private final ServerOptions options;
    private final AccountStore accounts;
    private final Authenticator authenticator;
    private final Pairing pairing;
    /** The admin socket; set right after construction in {@link #start}, null if it could not be made. */
    private volatile AdminServer admin;
    private final Registry registry;
    private final TlsServerContext tls;
    private final ServerSocket tlsListener;
    private final ServerSocket plainListener;
    /** Closes sockets whose hello or auth deadline passes; one daemon thread for all connections. */
    private final ScheduledExecutorService deadlines;
    /** Sockets between accept and the start of their link, and the links after; for shutdown. */
    private final Set<Socket> handshaking = ConcurrentHashMap.newKeySet();
    /** Live sessions, for closing those whose account was removed or whose password changed. */
    private final Set<Session> accountSessions = ConcurrentHashMap.newKeySet();
    /** Sessions started since the last {@link #recheckAccounts} tick. */
    private final java.util.Queue<Session> startedSinceRecheck = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The accounts' generation the last tick checked against; only the deadlines thread touches it. */
    private long accountsChecked = -1;
    /** Live links with the certificate chain their peer presented (empty when none), for re-checks after a reload. */
    private final Map<Link, List<X509Certificate>> links = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Lines about misbehaving peers, collapsed per address: the TLS listener's sessions, relayed clients and the
     * console share it, so a flood from one address costs a few lines a minute whichever door it knocks on.
     */
    private final PeerLog peerLog;
    /** Set once in the constructor from the options. */
    private final ConnectionCaps caps;
    /** Orders link start against shutdown, so no link slips past the shutdown sweep. */
    private final Object lifecycle = new Object();
    /** Set once in {@link #start}, before any relayed client can arrive. */
    private volatile Uplink uplink;
    /** Warns from 30 days before the server's own certificate expires; set once in {@link #start}. */
    private volatile OwnCertificateExpiry expiryWarning;
    /** The web console, when enabled; set once in {@link #start}. */
    private volatile ConsoleServer console;
    /** Wall time for versions, last-live times, throttling and the console (tests move it). */
    private final InstantSource clock;
    /** How each connected device came in, by device id; a device session puts and removes its own entry. */
    private final Map<String, DeviceLink> deviceLinks = new ConcurrentHashMap<>();
    /** The session of each live link, for connections by role. */
    private final Map<Link, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> handshakeFailures = new ConcurrentHashMap<>();
    private final WireCounters wire = new WireCounters();

    private HomeServer(ServerOptions options, AccountStore accounts, Pairing pairing, TlsServerContext tls,
                       ServerSocket tlsListener, ServerSocket plainListener, InstantSource clock) {
        this.options = options;
        this.accounts = accounts;
        this.pairing = pairing;
        this.authenticator = new Authenticator(accounts, new LoginThrottle(options.throttle(), clock));
        this.caps = new ConnectionCaps(options.caps());
        this.clock = clock;
        this.peerLog = new PeerLog(clock);
        this.registry = new Registry(new ImageStore(options.dir(), CoalescingWriter.DEFAULT_INTERVAL));
        registry.load();
        this.tls = tls;
        this.tlsListener = tlsListener;
        this.plainListener = plainListener;
        this.deadlines = Executors.newSingleThreadScheduledExecutor(Threads.daemonFactory("ioswitch-deadlines"));
    }

    /**
     * Opens the listeners and starts accepting.
     *
     * @throws TlsSetupException if the key material or trust cannot be loaded, naming the file
     * @throws AccountsException if {@code accounts.json} is not valid, naming the account and key
     * @throws IOException if a listener cannot bind, naming the address
     * @throws PairingStateException if {@code pairing.json} is not valid, naming the entry
     */
    public static HomeServer start(ServerOptions options) throws IOException, TlsSetupException, AccountsException,
            PairingStateException {
        return start(options, InstantSource.system());
    }

    /**
     * Opens the listeners and starts accepting, with {@code clock} for pairing expiry and login throttling (tests
     * move it).
     *
     * @throws TlsSetupException if the key material or trust cannot be loaded, naming the file
     * @throws AccountsException if {@code accounts.json} is not valid, naming the account and key
     * @throws IOException if a listener or the admin socket cannot be made, naming the address
     * @throws PairingStateException if {@code pairing.json} is not valid, naming the entry
     */
    public static HomeServer start(ServerOptions options, InstantSource clock) throws IOException, TlsSetupException,
            AccountsException, PairingStateException {
        Objects.requireNonNull(options, "options");
        AccountStore accounts = AccountStore.open(options.dir());
        // One audit log for the admin channel's actions and for pairing's auto-approvals.
        AuditLog audit = new AuditLog(options.dir(), clock);
        Pairing pairing = Pairing.open(options.dir(), options.pairing(), accounts, clock, audit);
        if (accounts.networks().isEmpty()) {
            Logger.warn("{} has no accounts: no network is served until one is added", accounts.file());
        }
        TlsServerContext tls = TlsServerContext.open(options.tls());
        ServerSocket tlsListener = null;
        ServerSocket plain = null;
        try {
            tlsListener = bind(options.listen());
            plain = options.plainListen() == null ? null : bind(options.plainListen());
        } catch (IOException e) {
            closeQuietly(tlsListener);
            tls.close();
            throw e;
        }
        HomeServer server = new HomeServer(options, accounts, pairing, tls, tlsListener, plain, clock);
        server.expiryWarning = OwnCertificateExpiry.watch(tls, clock, "server");
        try {
            server.admin = AdminServer.start(options.dir(), new AdminCommands(pairing, accounts, audit,
                    server::online));
        } catch (AdminServer.PathTooLongException e) {
            Logger.warn("no admin channel: {}; pairing approval and 'ioswitch server devices' cannot reach this "
                    + "server", e.getMessage());
        } catch (IOException e) {
            server.close();
            throw e;
        }
        // Expired pending devices are dropped and their waiting connections told, within a second.
        server.deadlines.scheduleWithFixedDelay(pairing::expire, 1, 1, TimeUnit.SECONDS);
        // A removed account or a changed password ends that account's sessions within a second or two: the CLI
        // writes accounts.json from another process, and a stat per tick is all it takes to notice.
        server.deadlines.scheduleWithFixedDelay(server::recheckAccounts, 1, 1, TimeUnit.SECONDS);
        if (options.uplink() != null) {
            server.uplink = new Uplink(options.uplink(), server::acceptRelayed);
            try {
                server.uplink.start();
            } catch (TlsSetupException e) {
                server.close();
                throw e;
            }
        }
        if (options.console().enabled()) {
            try {
                server.console = ConsoleServer.start(options.console(), new ConsoleBackend(server.registry,
                        accounts, server.authenticator, pairing, new AdminCommands(pairing, accounts, audit,
                        server::online), audit, id -> Optional.ofNullable(server.deviceLinks.get(id)), clock,
                        server::metricsText, server.peerLog), tls);
            } catch (IOException e) {
                server.close();
                throw e;
            }
        }
        tls.addReloadListener(server::recheckPeers);
        Threads.start("ioswitch-accept " + server.address(), () -> server.acceptLoop(server.tlsListener, true));
        Logger.info("listening on {} TLS", hostPort(server.address()));
        Logger.info("serving networks {} from {}", accounts.networks(), accounts.file());
        if (plain != null) {
            Threads.start("ioswitch-accept-plain " + server.plainAddress().orElseThrow(),
                    () -> server.acceptLoop(server.plainListener, false));
            Logger.warn("listening on {} PLAIN (no encryption: passwords travel in the clear)",
                    hostPort(server.plainAddress().orElseThrow()));
        }
        return server;
    }

    /** The TLS listener's bound address (with the real port when port 0 was asked). */
    public InetSocketAddress address() {
        return (InetSocketAddress) tlsListener.getLocalSocketAddress();
    }

    /** The plain listener's bound address, if enabled. */
    public Optional<InetSocketAddress> plainAddress() {
        return plainListener == null ? Optional.empty()
                : Optional.of((InetSocketAddress) plainListener.getLocalSocketAddress());
    }

    /** The device registry (per network). */
    public Registry registry() {
        return registry;
    }

    /** The account store this server checks logins against. */
    public AccountStore accounts() {
        return accounts;
    }

    /** The pairing state: window, pending and paired devices. */
    public Pairing pairing() {
        return pairing;
    }

    /** True while device {@code id} ({@code gina4.pekkahome}) has a live session. */
    boolean online(String id) {
        int dot = id.indexOf('.');
        return dot > 0 && registry.network(id.substring(dot + 1)).devices().stream()
                .anyMatch(d -> d.deviceId().equals(id) && d.online());
    }

    /** The web console, when enabled. */
    public Optional<ConsoleServer> console() {
        return Optional.ofNullable(console);
    }

    /** The options it runs with. */
    public ServerOptions options() {
        return options;
    }

    /** How many times the TLS material was (re)loaded; grows when changed files were read in. */
    public long tlsGeneration() {
        return tls.generation();
    }

    /** Number of live sessions. */
    public int sessionCount() {
        return links.size();
    }

    /** Stops accepting, tells every peer SHUTDOWN and closes; idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
        }
        closeQuietly(tlsListener);
        closeQuietly(plainListener);
        for (Socket s : handshaking) {
            closeQuietly(s);
        }
        // Devices first: every operator still connected is told why its devices went (DEVICE_STATUS "server shutting
        // down") before its own link closes.
        List<Link> order = new ArrayList<>(links.keySet());
        order.sort(Comparator.comparingInt(l -> sessions.get(l) instanceof DeviceSession ? 0 : 1));
        for (Link link : order) {
            link.close(CloseCode.SHUTDOWN, "server shutting down");
        }
        if (uplink != null) {
            uplink.close();
        }
        deadlines.shutdownNow();
        if (expiryWarning != null) {
            expiryWarning.close();
        }
        // After the sessions ended, so every device's last-live time is in what gets written.
        registry.close();
        if (admin != null) {
            admin.close();
        }
        if (console != null) {
            console.close();
        }
        tls.close();
        peerLog.flush();
        Logger.info("server on {} stopped", hostPort(address()));
    }

    /**
     * After new trust or CRL files were loaded, disconnects every peer whose certificate the new material no longer
     * accepts: revoked or untrusted is not only refused next time (DESIGN §4, hot rotation).
     */
    private void recheckPeers() {
        links.forEach((link, chain) -> {
            if (chain.isEmpty() || link.isClosed()) {
                return;
            }
            try {
                tls.revalidate(chain);
            } catch (CertificateException e) {
                Logger.info("{}: certificate no longer accepted after reload, disconnecting: {}", link.peer(),
                        e.getMessage());
                link.close(CloseCode.NOT_AUTHORIZED, "certificate no longer accepted: " + e.getMessage());
            }
        });
    }

    void sessionStarted(Session session) {
        accountSessions.add(session);
        startedSinceRecheck.add(session);
    }

    void sessionEnded(Session session) {
        accountSessions.remove(session);
    }

    /**
     * Closes the sessions whose account is gone from {@code accounts.json}, or whose password (or device secret) was
     * changed since they logged in (DESIGN §4: live trust changes reach open sessions); others go on. Every session
     * once the accounts changed; otherwise only the sessions started since the last tick (one may have logged in
     * against the accounts read before the change): with 10,000 devices online, checking all of them every second
     * would cost CPU for nothing.
     */
    private void recheckAccounts() {
        long generation = accounts.generation();
        List<Session> started = new ArrayList<>();
        for (Session s = startedSinceRecheck.poll(); s != null; s = startedSinceRecheck.poll()) {
            started.add(s);
        }
        boolean changed = generation != accountsChecked;
        accountsChecked = generation;
        for (Session session : changed ? accountSessions : started) {
            Account was = session.account();
            if (was == null || !accountSessions.contains(session)) {
                continue;
            }
            Account current = accounts.find(was.network(), was.name()).orElse(null);
            String why = current == null ? "account " + was.qualifiedName() + " was removed"
                    : !current.password().encoded().equals(was.password().encoded())
                            ? "the password of account " + was.qualifiedName() + " was changed" : null;
            if (why != null) {
                Logger.info("{}: {}, closing its session", session.who, why);
                session.close(CloseCode.NOT_AUTHORIZED, why);
            }
        }
    }

    /** The uplink to the switchbox, if configured. */
    public Optional<Uplink> uplink() {
        return Optional.ofNullable(uplink);
    }

    /**
     * Serves a client relayed through the switchbox exactly like a directly accepted one: the same TLS handshake
     * (the client's inner, end-to-end session), hello, authentication and sessions. Runs on the stream's thread.
     */
    void acceptRelayed(Socket stream, RelayedClient client) {
        String peer = client.address() + " via switchbox";
        // The client's IP address without its port: what its lines are collapsed under.
        String host = hostOf(client.address());
        if (!client.endToEnd() && !options.allowClearRelay()) {
            peerLog.info(host, "{}: refused: relaying in the clear (RELAY_CLEAR) is not allowed on this "
                    + "server", peer);
            closeQuietly(stream);
            return;
        }
        if (closed.get()) {
            closeQuietly(stream);
            return;
        }
        HandshakeGate.Ticket ticket = null;
        if (client.endToEnd()) {
            ticket = caps.handshakes().admit();
            if (ticket == null) {
                peerLog.info(host, "{} refused at once: {}", peer, handshakeQueueFull());
                closeQuietly(stream);
                return;
            }
        }
        handshaking.add(stream);
        new Handshake(this, stream, peer, client.endToEnd(), true, ticket).run();
    }

    /** {@code 10.0.0.7} of {@code 10.0.0.7:51234}, {@code ::1} of {@code [::1]:51234}. */
    static String hostOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 && hostPort.indexOf(':') == colon || hostPort.startsWith("[")
                ? hostPort.substring(0, colon) : hostPort;
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** True once {@link #close()} began. */
    public boolean isClosed() {
        return closed.get();
    }

    // Package-private: used by Handshake and the sessions.
    Authenticator authenticator() {
        return authenticator;
    }

    /** The connection caps and what they refused, for metrics. */
    public ConnectionCaps caps() {
        return caps;
    }

    /** Where handshakes log what peers did wrong. */
    PeerLog peerLog() {
        return peerLog;
    }

    InstantSource clock() {
        return clock;
    }

    Map<String, DeviceLink> deviceLinks() {
        return deviceLinks;
    }

    ScheduledExecutorService deadlines() {
        return deadlines;
    }

    TlsServerContext tls() {
        return tls;
    }

    void handshaking(Socket s, boolean add) {
        if (add) {
            handshaking.add(s);
        } else {
            handshaking.remove(s);
        }
    }

    /**
     * Starts a connection's link and tracks it, atomically with respect to {@link #close()}: either the link is
     * tracked before shutdown sweeps (and gets its CLOSE SHUTDOWN there), or it is not started at all (null).
     */
    Link startLink(Socket tcp, List<X509Certificate> peerChain, Session session,
                   java.util.function.Supplier<Link> start) {
        synchronized (lifecycle) {
            if (closed.get()) {
                return null;
            }
            Link link = start.get();
            links.put(link, peerChain);
            sessions.put(link, session);
            handshaking.remove(tcp);
            return link;
        }
    }

    void unregister(Link link) {
        links.remove(link);
        sessions.remove(link);
    }

    WireCounters wireCounters() {
        return wire;
    }

    /** Counts a connection refused or dropped before it became a session, by reason (for metrics). */
    void handshakeFailed(String reason) {
        handshakeFailures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** The current metrics in the Prometheus text format (the console serves them at {@code /metrics}). */
    public String metricsText() {
        return new ServerMetrics(this, sessions.values(), handshakeFailures, wire, tls.ownChain(), clock).text();
    }

    private void acceptLoop(ServerSocket listener, boolean useTls) {
        while (!closed.get()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    Logger.error(e, "accept on {} failed; listener stopped", listener.getLocalSocketAddress());
                }
                return;
            }
            String peer = hostPort((InetSocketAddress) s.getRemoteSocketAddress());
            // Checked before any TLS work or thread: a refused connection costs an accept and a close.
            String refusal = caps.refusal(s.getInetAddress(), handshaking.size() + links.size(), handshaking);
            if (refusal != null) {
                peerLog.info(s.getInetAddress().getHostAddress(), "{} refused at once: {}", peer, refusal);
                closeQuietly(s);
                continue;
            }
            try {
                // From the first byte: the TLS handshake, hello and auth are small flushed writes, and with Nagle on a
                // write waits for the ACK of the one before (the peer's delayed ACK, up to 40 ms). Measured with
                // openssl s_time: 29 full handshakes/s without, see docs/performance.md (fleet).
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                Logger.debug("{}: cannot set TCP_NODELAY: {}", peer, e.getMessage());
            }
            HandshakeGate.Ticket ticket = null;
            if (useTls) {
                ticket = caps.handshakes().admit();
                if (ticket == null) {
                    peerLog.info(s.getInetAddress().getHostAddress(), "{} refused at once: {}", peer,
                            handshakeQueueFull());
                    closeQuietly(s);
                    continue;
                }
            }
            handshaking.add(s);
            if (closed.get()) {
                closeQuietly(s);
                if (ticket != null) {
                    ticket.close();
                }
                return;
            }
            Threads.start("ioswitch-hello " + peer, new Handshake(this, s, peer, useTls, false, ticket)::run);
        }
    }

    private String handshakeQueueFull() {
        HandshakeGate gate = caps.handshakes();
        return "over the handshake bound: " + gate.inProgress() + " TLS handshakes in progress, " + gate.waiting()
                + " waiting (limits.maxHandshakes " + gate.slots() + ", limits.handshakeQueue " + gate.queue() + ")";
    }

    private static ServerSocket bind(InetSocketAddress address) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(address, 128);
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw new IOException("cannot listen on " + hostPort(address) + ": " + e.getMessage(), e);
        }
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                Logger.debug("close: {}", e.getMessage());
            }
        }
    }
}
