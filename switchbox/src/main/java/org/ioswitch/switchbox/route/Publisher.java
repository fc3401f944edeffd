package org.ioswitch.switchbox.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ioswitch.common.link.Deadline;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.tunnel.TunnelFrame;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.tunnel.TunnelState;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.common.wire.ProtocolState;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.account.PublisherAccount;
import org.ioswitch.switchbox.account.PublisherAuthenticator;
import org.tinylog.Logger;

/**
 * The switchbox side of a home server's uplink, all within the hello deadline:
 * <pre>
 *   HELLO(SERVICE) -&gt; HELLO_ACK -&gt; AUTH -&gt; AUTH_OK | CLOSE(AUTH_FAILED)
 *   -&gt; PUBLISH(networks) -&gt; PUBLISHED(networks) | TUNNEL_CLOSE(NOT_AUTHORIZED | LIMIT) -&gt; tunnel runs
 * </pre>
 * AUTH goes through {@link PublisherAuthenticator}, which throttles repeated failures per address and account before
 * any password hash is computed. An account publishes only its own networks; a network held by another open tunnel is refused (LIMIT), so a second
 * publisher never knocks out a healthy one. A dead holder is closed by keepalive and then the network is free.
 */
final class Publisher {
    private final SwitchboxOptions options;
    private final TunnelRegistry registry;
    private final PublisherAuthenticator authenticator;
    private final TlsConnection conn;
    private final String peer;
    private final Deadline deadline;
    private final PeerLog peerLog;
    private final NetworkOwners owners;
    /** Set by {@link #publish} once the tunnel runs: who published what. */
    private PublisherAccount account;
    private List<String> networks;

    Publisher(SwitchboxOptions options, TunnelRegistry registry, NetworkOwners owners,
            PublisherAuthenticator authenticator, TlsConnection conn, String peer, Deadline deadline,
            PeerLog peerLog) {
        this.peerLog = peerLog;
        this.owners = owners;
        this.options = options;
        this.registry = registry;
        this.authenticator = authenticator;
        this.conn = conn;
        this.peer = peer;
        this.deadline = deadline;
    }

    /** Runs the handshake and returns the started tunnel; a refusal has been sent when this throws. */
    Tunnel publish(Hello hello) throws IOException {
        InputStream in = conn.socket().getInputStream();
        OutputStream out = conn.socket().getOutputStream();
        FrameWriter writer = new FrameWriter(out);
        writer.write(new HelloAck(Hello.VERSION, options.tunnel().maxFrameSize(), 0,
                (int) options.tunnel().keepaliveInterval().toMillis()));
        writer.flush();
        PublisherAccount account = authenticate(next(in), writer);
        List<String> networks = requested(in);
        Tunnel tunnel = new Tunnel(account.name() + "@" + peer, in, out, conn, options.tunnel(),
                hello.maxFrameSize(), null);
        for (String network : networks) {
            if (!account.mayPublish(network)) {
                refuse(out, CloseCode.NOT_AUTHORIZED, "account " + account.name() + " may not publish network "
                        + network + " (allowed: " + String.join(", ", account.networks()) + ")");
            }
        }
        String identity = identity(account);
        for (String network : networks) {
            String bound;
            try {
                bound = owners.refusal(network, identity);
            } catch (WireException e) {
                refuse(out, e.code(), e.text());
                return null; // not reached: refuse throws
            }
            if (bound != null) {
                refuse(out, CloseCode.LIMIT, bound);
            }
        }
        List<String> claimed = new ArrayList<>();
        for (String network : networks) {
            boolean won;
            try {
                won = registry.claim(network, tunnel);
            } catch (WireException e) {
                claimed.forEach(n -> registry.release(n, tunnel));
                refuse(out, e.code(), e.text());
                return null; // not reached: refuse throws
            }
            if (!won) {
                claimed.forEach(n -> registry.release(n, tunnel));
                String holder = registry.lookup(network).map(Tunnel::name).orElse("another publisher");
                refuse(out, CloseCode.LIMIT, "network " + network + " already has a live tunnel (" + holder + ")");
            }
            claimed.add(network);
        }
        try {
            for (String network : claimed) {
                owners.bound(network, identity);
            }
        } catch (WireException e) {
            claimed.forEach(n -> registry.release(n, tunnel));
            refuse(out, e.code(), e.text());
        }
        tunnel.ended().thenRun(() -> claimed.forEach(n -> {
            owners.ended(n, identity);
            registry.release(n, tunnel);
        }));
        out.write(TunnelCodec.encode(new Publish(true, networks)));
        out.flush();
        conn.socket().setSoTimeout(0);
        tunnel.start();
        Logger.info("publisher {} account {} published {} ({})", peer, account.name(), networks,
                conn.facts().describe());
        this.account = account;
        this.networks = networks;
        return tunnel;
    }

    /** The account the tunnel was published by, as it was at login (after {@link #publish}). */
    PublisherAccount account() {
        return account;
    }

    /** The networks the tunnel carries (after {@link #publish}). */
    List<String> networks() {
        return networks;
    }

    private Frame next(InputStream in) throws IOException {
        soTimeout();
        try {
            Frame frame = new FrameReader(in, WireLimits.DEFAULT).next();
            if (frame != null) {
                ProtocolState.AUTH.check(Receiver.SWITCHBOX, frame.type());
            }
            return frame;
        } catch (SocketTimeoutException e) {
            throw new WireException(CloseCode.TIMEOUT, "publisher " + peer + ": no AUTH within the hello timeout");
        }
    }

    private PublisherAccount authenticate(Frame frame, FrameWriter writer) throws IOException {
        if (!(frame instanceof Auth auth)) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "publisher: expected AUTH after HELLO_ACK, got "
                    + (frame == null ? "end of stream" : frame.type()));
        }
        String address = conn.socket().getInetAddress().getHostAddress();
        PublisherAccount account;
        try {
            if (auth.kind() == CredentialKind.PASSWORD) {
                account = authenticator.password(auth.identity(), auth.credential(), address);
            } else if (auth.kind() == CredentialKind.CERTIFICATE) {
                var facts = conn.facts();
                Optional<String> verified = facts.level() == SecurityLevel.VERIFIED
                        ? facts.authenticatedName() : Optional.empty();
                account = authenticator.certificate(auth.identity(), verified, address);
            } else {
                throw new WireException(CloseCode.AUTH_FAILED, "account " + auth.identity() + ": "
                        + auth.kind().name().toLowerCase() + " authentication failed");
            }
        } finally {
            Arrays.fill(auth.credential(), (byte) 0);
        }
        writer.write(new AuthOk(account.name(), Set.of()));
        writer.flush();
        return account;
    }

    private List<String> requested(InputStream in) throws IOException {
        soTimeout();
        TunnelFrame frame;
        try {
            frame = TunnelCodec.read(in, options.tunnel().maxFrameSize());
        } catch (SocketTimeoutException e) {
            refuse(conn.socket().getOutputStream(), CloseCode.TIMEOUT, "no PUBLISH within the hello timeout");
            throw e;
        } catch (WireException e) {
            refuse(conn.socket().getOutputStream(), e.code(), e.text());
            throw e;
        }
        if (frame != null) {
            try {
                TunnelState.PUBLISHING.check(TunnelState.End.SWITCHBOX, frame.type());
            } catch (WireException e) {
                refuse(conn.socket().getOutputStream(), e.code(), e.text());
            }
        }
        if (!(frame instanceof Publish p) || p.confirmed() || p.networks().isEmpty()) {
            String text = "publisher: expected PUBLISH with at least one network, got "
                    + (frame == null ? "end of stream" : frame);
            refuse(conn.socket().getOutputStream(), CloseCode.PROTOCOL_ERROR, text);
        }
        return List.copyOf(new LinkedHashSet<>(((Publish) frame).networks()));
    }

    /** Sends TUNNEL_CLOSE and throws, so the caller's catch logs and closes. */
    private void refuse(OutputStream out, CloseCode code, String text) throws IOException {
        peerLog.info(conn.socket().getInetAddress().getHostAddress(), "refused publisher {}: {} {}", peer, code,
                text);
        try {
            out.write(TunnelCodec.encode(new TunnelClose(code, text)));
            out.flush();
        } finally {
            Router.closeQuietly(conn);
        }
        throw new RefusalSent(code, text);
    }

    /**
     * Who publishes, for {@link NetworkOwners}: the account, and for a certificate login the SHA-256 fingerprint of
     * the certificate (two home servers with certificates for one account are two identities; with its password, one).
     */
    private String identity(PublisherAccount account) {
        var chain = conn.facts().peerChain();
        if (conn.facts().level() != SecurityLevel.VERIFIED || chain.isEmpty()) {
            return "account " + account.name() + " (password)";
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(chain.get(0).getEncoded());
            return "account " + account.name() + " (certificate sha256:"
                    + java.util.HexFormat.of().formatHex(d, 0, 8) + "…)";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and certificate encoding are always available", e);
        }
    }

    private void soTimeout() throws IOException {
        try {
            deadline.arm(conn.socket(), "publisher " + peer);
        } catch (SocketTimeoutException e) {
            throw new WireException(CloseCode.TIMEOUT, "publisher " + peer + ": hello timeout passed");
        }
    }

    /** A refusal already sent as TUNNEL_CLOSE; the router only closes. */
    static final class RefusalSent extends IOException {
        private static final long serialVersionUID = 1L;

        RefusalSent(CloseCode code, String text) {
            super(code + " " + text);
        }
    }
}
