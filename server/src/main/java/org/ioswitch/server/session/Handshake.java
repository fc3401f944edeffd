package org.ioswitch.server.session;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.net.HandshakeGate;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsFacts;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.PairingPending;
import org.ioswitch.common.wire.Privilege;
import org.ioswitch.common.wire.ProtocolState;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.TrustRequest;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AuthenticationException;
import org.ioswitch.common.tls.PairingCode;
import org.ioswitch.server.pairing.PairingException;
import org.ioswitch.server.pairing.PendingDevice;
import org.ioswitch.server.registry.DeviceLink;
import org.ioswitch.server.registry.Network;
import org.tinylog.Logger;

/**
 * Takes one accepted connection from TCP to a live session, each step against its own deadline:
 * <pre>
 *   TLS ──handshake──► HELLO ──HELLO_ACK──► AUTH ──AUTH_OK──► LIVE (a Link with a device or operator session)
 *    │ timeout          │ no hello in time,  │ wrong credential, unknown account, wrong kind, throttled
 *    ▼                  ▼ bad version/network ▼ TRUST_REQUEST → TRUST_BUNDLE; unknown device secret →
 *   refused            CLOSE code + reason   PAIRING_PENDING and a PendingSession until approved (PairingStep)
 * </pre>
 * Runs on its own thread; nothing here touches another connection.
 */
final class Handshake {
    private final HomeServer server;
    private final Socket tcp;
    private final String peer;
    private final boolean useTls;
    /** True for a client the switchbox relayed through the uplink. */
    private final boolean relayed;
    /** Set by the deadline task before it closes the socket, so the failure is logged as a timeout. */
    private volatile String timedOutStep;

    /** This connection's place at the handshake bound (null without TLS): its TLS handshake waits for a slot. */
    private final HandshakeGate.Ticket ticket;

    Handshake(HomeServer server, Socket tcp, String peer, boolean useTls, boolean relayed,
              HandshakeGate.Ticket ticket) {
        this.server = server;
        this.tcp = tcp;
        this.peer = peer;
        this.useTls = useTls;
        this.relayed = relayed;
        this.ticket = ticket;
    }

    /** An authenticated peer. */
    record Identity(Role role, Account account, String identity) {
    }

    void run() {
        ServerOptions options = server.options();
        WireLimits limits = options.link().limits();
        FrameWriter writer = null;
        String step = "TLS handshake";
        ScheduledFuture<?> deadline = null;
        boolean live = false;
        try {
            Socket socket = tcp;
            TlsFacts facts = null;
            TlsConnection tls = null;
            if (useTls) {
                tls = handshakeTls(options.handshakeTimeout());
                socket = tls.socket();
                facts = tls.facts();
            }
            step = "hello";
            deadline = deadline(step, options.helloTimeout());
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
            writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream()), WireLimits.MIN_FRAME_SIZE);
            writer.countInto(server.wireCounters());
            Hello hello = servedNetwork(FrameReader.readHello(in, limits));
            deadline.cancel(false);
            checkHello(hello);
            int peerMax = Math.min(hello.maxFrameSize(), limits.maxFrameSize());
            writer.maxFrameSize(peerMax);
            writer.write(new HelloAck(Hello.VERSION, limits.maxFrameSize(),
                    server.pairing().isOpen() ? HelloAck.PAIRING_OPEN : 0,
                    (int) options.link().keepalive().toMillis()));
            writer.flush();

            step = "auth";
            deadline = deadline(step, options.authTimeout());
            FrameReader reader = new FrameReader(in, limits);
            reader.countInto(server.wireCounters());
            String address = socket.getInetAddress().getHostAddress();
            PairingStep pairing = new PairingStep(server, peer);
            Receiver receiver = hello.role() == Role.DEVICE ? Receiver.SERVER_DEVICE : Receiver.SERVER_OPERATOR;
            Frame first = admit(receiver, reader.next());
            if (first instanceof TrustRequest) {
                writer.write(pairing.trustBundle(hello, address));
                writer.flush();
                first = admit(receiver, reader.next());
            }
            Identity who;
            if (first instanceof Auth a && a.kind() == CredentialKind.DEVICE_SECRET) {
                PairingStep.Result r = pairing.login(hello, a, tls, address);
                if (r.pending() != null) {
                    deadline.cancel(false);
                    waitForApproval(r.pending(), hello, socket, reader, writer, peerMax, facts);
                    live = true;
                    return;
                }
                who = r.identity();
            } else {
                who = authenticate(hello, first, facts, socket);
            }
            deadline.cancel(false);
            writer.write(new AuthOk(who.role() == Role.DEVICE ? who.identity() : who.account().name(),
                    privileges(who.account().kind())));
            writer.flush();

            Network network = server.registry().network(hello.network());
            Session session = who.role() == Role.DEVICE
                    ? new DeviceSession(server, network, who.account(), who.identity(),
                            DeviceLink.of(relayed, facts, server.clock().instant(),
                                    first instanceof Auth a ? a.boardType() : ""))
                    : new OperatorSession(server, network, who.account(), address);
            Logger.info("{} opened: {} {} ({}), {}", peer, who.role().name().toLowerCase(), who.identity(),
                    who.account().kind().label(), facts == null ? "PLAIN" : facts.describe());
            Socket live0 = socket;
            FrameWriter writer0 = writer;
            Link link = server.startLink(tcp, facts == null ? List.of() : facts.peerChain(), session, () -> Link.start(live0, reader, writer0, peer + " " + who.identity(),
                    peerMax, options.link(), session));
            if (link == null) {
                session.onEnd(null);
                throw new WireException(CloseCode.SHUTDOWN, "server shutting down");
            }
            live = true;
            session.started(link);
        } catch (WireException e) {
            server.handshakeFailed(e.code().name().toLowerCase(java.util.Locale.ROOT));
            refuse(writer, e.code(), e.text(), e.getMessage());
        } catch (IOException e) {
            String timeout = timedOutStep;
            server.handshakeFailed(timeout != null ? "timeout" : step.equals("TLS handshake") ? "tls" : "io");
            if (timeout != null) {
                server.peerLog().info(address(), "{} dropped: no {} within {} s", peer, timeout, seconds(timeout));
            } else {
                server.peerLog().info(address(), "{} dropped during {}: {}", peer, step, e.getMessage());
            }
            HomeServer.closeQuietly(tcp);
        } catch (RuntimeException e) {
            server.handshakeFailed("internal");
            Logger.error(e, "{}: handshake failed", peer);
            refuse(writer, CloseCode.INTERNAL, "internal error", e.toString());
        } finally {
            if (ticket != null) {
                ticket.close();
            }
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (!live) {
                server.handshaking(tcp, false);
            }
        }
    }

    /**
     * The TLS handshake once this connection's turn at the handshake bound came: waiting (at most half) and handshake
     * together within {@code timeout}, the slot given back as soon as TLS is done (hello and auth run outside the
     * bound).
     */
    private TlsConnection handshakeTls(Duration timeout) throws IOException {
        if (ticket == null) {
            return server.tls().accept(tcp, timeout);
        }
        try (ticket) {
            // At most half the timeout in the queue: the peer's own deadline (a device's 10 s connect timeout) runs
            // from its connect, and a handshake begun when it has already given up is CPU spent for nobody.
            Duration waited = ticket.awaitTurn(timeout.dividedBy(2));
            if (tcp.isClosed()) {
                throw new IOException("closed while waiting for a TLS handshake slot");
            }
            Duration left = timeout.minus(waited);
            return server.tls().accept(tcp, left.toMillis() < 1 ? Duration.ofMillis(1) : left);
        }
    }

    /**
     * A hello naming no network (an operator command without --network) means the one network this server serves;
     * with several (or none) it is refused below.
     */
    private Hello servedNetwork(Hello hello) {
        java.util.Set<String> served = server.accounts().networks();
        if (!hello.network().isEmpty() || served.size() != 1) {
            return hello;
        }
        return new Hello(hello.version(), hello.role(), served.iterator().next(), hello.flags(), hello.maxFrameSize());
    }

    /** The protocol table's check of a frame read during AUTH; null (end of stream) passes to the caller. */
    private static Frame admit(Receiver receiver, Frame frame) throws WireException {
        if (frame != null) {
            ProtocolState.AUTH.check(receiver, frame.type());
        }
        return frame;
    }

    private void checkHello(Hello hello) throws WireException {
        if (hello.version() != Hello.VERSION) {
            throw new WireException(CloseCode.UNSUPPORTED_VERSION, "protocol version " + hello.version()
                    + " is not supported, expected " + Hello.VERSION);
        }
        if (hello.maxFrameSize() < WireLimits.MIN_FRAME_SIZE) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "HELLO: maxFrameSize " + hello.maxFrameSize()
                    + " is below the minimum " + WireLimits.MIN_FRAME_SIZE);
        }
        if (hello.network().isEmpty()) {
            // The names are not listed: the peer is not authenticated yet.
            throw new WireException(CloseCode.UNKNOWN_NETWORK, "no network named, and this server serves "
                    + server.accounts().networks().size() + " networks: name one (--network)");
        }
        if (!server.accounts().networks().contains(hello.network())) {
            throw new WireException(CloseCode.UNKNOWN_NETWORK, "network \"" + hello.network()
                    + "\" is not served here");
        }
        if (hello.role() == Role.SERVICE) {
            throw new WireException(CloseCode.NOT_AUTHORIZED, "role SERVICE is not served by a home server");
        }
    }

    /**
     * Sends PAIRING_PENDING and keeps the connection on a link whose {@link PendingSession} becomes the device's
     * session once an admin approves.
     *
     * @throws WireException SHUTDOWN if the server is shutting down
     */
    private void waitForApproval(PendingDevice device, Hello hello, Socket socket, FrameReader reader,
                                    FrameWriter writer, int peerMax, TlsFacts facts) throws IOException {
        writer.write(new PairingPending(device.code()));
        writer.flush();
        PendingSession session = new PendingSession(server, server.registry().network(hello.network()), device,
                DeviceLink.of(relayed, facts, server.clock().instant(), device.boardType()));
        Link link = server.startLink(tcp, facts.peerChain(), session, () -> Link.start(socket, reader, writer,
                peer + " " + device.requestedId(), peerMax, server.options().link(), session));
        if (link == null) {
            throw new WireException(CloseCode.SHUTDOWN, "server shutting down");
        }
        Logger.info("{} waiting for approval: device {} ({}), pairing code {}, {}", peer, device.requestedId(),
                device.boardType(), PairingCode.display(device.code()), facts.describe());
        session.started(link);
        if (server.options().pairing().autoApprove()) {
            try {
                server.pairing().autoApprove(device);
            } catch (PairingException e) {
                link.close(e.code(), e.getMessage());
            }
        }
    }

    private static String boardType(Frame auth) {
        return auth instanceof Auth a ? a.boardType() : "";
    }

    /** Password or certificate login (a device secret goes through {@link PairingStep}). */
    private Identity authenticate(Hello hello, Frame frame, TlsFacts facts, Socket socket) throws IOException {
        if (frame instanceof TrustRequest) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "TRUST_REQUEST may be sent once, before AUTH");
        }
        if (frame instanceof Close c) {
            throw new IOException("peer closed before authenticating: " + c.code() + " " + c.text());
        }
        if (!(frame instanceof Auth auth)) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "expected AUTH, got "
                    + (frame == null ? "end of stream" : frame.type()));
        }
        String network = hello.network();
        String name = accountName(hello, auth.identity());
        String address = socket.getInetAddress().getHostAddress();
        Account account;
        try {
            if (auth.kind() == CredentialKind.CERTIFICATE) {
                Optional<String> certName = facts == null ? Optional.empty() : facts.authenticatedName();
                if (certName.isEmpty() || !(certName.get().equals(name) || certName.get().equals(auth.identity()))) {
                    throw new WireException(CloseCode.AUTH_FAILED, "certificate authentication for " + auth.identity()
                            + " needs a verified client certificate naming it, got "
                            + certName.map(n -> "\"" + n + "\"").orElse("none"));
                }
                account = server.authenticator().certificate(network, name, address);
            } else {
                account = server.authenticator().password(network, name, auth.credential(), address);
            }
        } catch (AuthenticationException e) {
            server.peerLog().info(address, "{} login refused: {}", peer, e.getMessage());
            throw new WireException(CloseCode.AUTH_FAILED, e.peerText());
        }
        boolean deviceRole = hello.role() == Role.DEVICE;
        if (deviceRole != (account.kind() == AccountKind.DEVICE)) {
            server.peerLog().info(address, "{} login refused: account {} is a {} account, the peer says it is a {}",
                    peer, account.qualifiedName(), account.kind().label(), hello.role().name().toLowerCase());
            throw new WireException(CloseCode.AUTH_FAILED, "account kind does not fit role "
                    + hello.role().name().toLowerCase());
        }
        return new Identity(hello.role(), account, deviceRole ? auth.identity() : account.name());
    }

    /** {@code gina3} for device {@code gina3.pekkahome}; a user's name as given (a {@code .network} suffix allowed). */
    private static String accountName(Hello hello, String identity) throws WireException {
        String suffix = "." + hello.network();
        if (hello.role() == Role.DEVICE) {
            if (identity.contains("*")) {
                throw new WireException(CloseCode.AUTH_FAILED, "identity " + identity
                        + " asks for a number, which needs pairing: AUTH with kind DEVICE_SECRET");
            }
            if (!identity.endsWith(suffix) || identity.length() == suffix.length()) {
                throw new WireException(CloseCode.AUTH_FAILED, "device identity \"" + identity
                        + "\" is not NAME." + hello.network() + " (the network of the hello)");
            }
            return identity.substring(0, identity.length() - suffix.length());
        }
        return identity.endsWith(suffix) ? identity.substring(0, identity.length() - suffix.length()) : identity;
    }

    private static Set<Privilege> privileges(AccountKind kind) {
        return switch (kind) {
            case DEVICE -> EnumSet.of(Privilege.DEVICE);
            case USER -> EnumSet.of(Privilege.USER);
            case ADMIN -> EnumSet.of(Privilege.USER, Privilege.ADMIN);
        };
    }

    /** The peer's IP address, the key its log lines are collapsed under. */
    private String address() {
        return tcp.getInetAddress().getHostAddress();
    }

    private ScheduledFuture<?> deadline(String step, Duration timeout) {
        return server.deadlines().schedule(() -> {
            timedOutStep = step;
            HomeServer.closeQuietly(tcp);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private long seconds(String step) {
        Duration d = step.equals("hello") ? server.options().helloTimeout() : server.options().authTimeout();
        return Math.max(1, d.toSeconds());
    }

    private void refuse(FrameWriter writer, CloseCode code, String text, String logText) {
        server.peerLog().info(address(), "{} refused: {} {}", peer, code, logText);
        if (writer != null) {
            try {
                writer.write(new Close(code, text));
                writer.flush();
            } catch (IOException | RuntimeException e) {
                Logger.debug("{}: close frame not sent: {}", peer, e.getMessage());
            }
        }
        HomeServer.closeQuietly(tcp);
    }
}
