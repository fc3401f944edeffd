package org.ioswitch.device.connect;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.ioswitch.common.link.Deadline;
import org.ioswitch.common.link.RefusedException;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.tinylog.Logger;

/**
 * How a client reaches its home server: directly, or through a switchbox (DESIGN §1, §4 "Relay security").
 * <pre>
 *   direct:        TLS with the home server (home root) ──► HELLO ...
 *   via switchbox: TLS with the switchbox (cloud root) ──► HELLO naming the network
 *                  ──► TLS with the home server through the stream (home root, host name = network) ──► HELLO ...
 *   RELAY_CLEAR:   TLS with the switchbox ──► HELLO with RELAY_CLEAR, which is also the session's HELLO ...
 * </pre>
 * A route only refers to TLS contexts; whoever opened them closes them ({@link Routes}).
 */
public final class Route {
    private final ServerAddress address;
    /** Direct: the home server's context. Relayed: the inner (end-to-end) context, null with RELAY_CLEAR. */
    private final TlsClientContext home;
    /** Relayed only: the context for the hop to the switchbox. */
    private final TlsClientContext outer;
    private final boolean relayClear;

    private Route(ServerAddress address, TlsClientContext home, TlsClientContext outer, boolean relayClear) {
        this.address = Objects.requireNonNull(address, "address");
        this.home = home;
        this.outer = outer;
        this.relayClear = relayClear;
    }

    /** Straight to the home server at {@code server}, verified with {@code tls}. */
    public static Route direct(ServerAddress server, TlsClientContext tls) {
        return new Route(server, Objects.requireNonNull(tls, "tls"), null, false);
    }

    /**
     * Through the switchbox at {@code switchbox}: {@code outer} verifies the switchbox, {@code inner} the home server
     * end to end; {@code inner} null means RELAY_CLEAR (no inner TLS).
     */
    public static Route viaSwitchbox(ServerAddress switchbox, TlsClientContext outer, TlsClientContext inner) {
        return new Route(switchbox, inner, Objects.requireNonNull(outer, "outer"), inner == null);
    }

    /** The address dialled: the home server, or the switchbox. */
    public ServerAddress address() {
        return address;
    }

    /** True when the route goes through a switchbox. */
    public boolean relayed() {
        return outer != null;
    }

    /** True when relayed without end-to-end TLS. */
    public boolean relayClear() {
        return relayClear;
    }

    @Override
    public String toString() {
        return relayed() ? "switchbox " + address + (relayClear ? " (RELAY_CLEAR)" : "") : address.toString();
    }

    /**
     * The connection a session runs on.
     *
     * @param connection TLS with the home server (direct or end to end), or with the switchbox under RELAY_CLEAR
     * @param helloSent true when the HELLO went out already (RELAY_CLEAR: the routing HELLO is the session's)
     * @param peer the home server for logs and errors
     * @param endToEnd true when {@code connection} runs inside the TLS session with the switchbox
     */
    record Dialed(TlsConnection connection, boolean helloSent, String peer, List<Hop> hops, boolean endToEnd) {
    }

    /** Opens the connection to the home server along this route, within {@code deadline}; {@code hello} routes it. */
    Dialed dial(Hello hello, Deadline deadline) throws IOException {
        if (!relayed()) {
            TlsConnection direct = home.connect(address.host(), address.port(), deadline.left());
            return new Dialed(direct, false, address.toString(),
                    List.of(new Hop("home server " + address, direct.facts())), false);
        }
        String network = hello.network();
        String peer = network + " via switchbox " + address;
        TlsConnection out = outer.connect(address.host(), address.port(), deadline.left());
        try {
            Logger.info("switchbox {}: {}", address, out.facts().describe());
            FrameWriter writer = new FrameWriter(new BufferedOutputStream(out.socket().getOutputStream()));
            writer.writeHello(hello);
            writer.flush();
            if (relayClear) {
                Logger.warn("home server {}: RELAY_CLEAR, no end-to-end TLS: the switchbox can read this session", peer);
                return new Dialed(out, true, peer, List.of(new Hop("switchbox " + address, out.facts())), false);
            }
            RefusalSocket stream = new RefusalSocket(out.socket());
            TlsConnection inner;
            try {
                // The home server's certificate names its network (a DNS SAN): that is the host name to check.
                inner = home.wrap(stream, network, address.port(), deadline.left());
            } catch (IOException e) {
                Close refusal = stream.refusal();
                if (refusal != null) {
                    throw new RefusedException(refusal.code(), "switchbox " + address + " refused network " + network
                            + ": " + refusal.code() + (refusal.text().isEmpty() ? "" : " (" + refusal.text() + ")"));
                }
                throw new IOException("home server " + peer + ": end-to-end TLS failed: " + e.getMessage(), e);
            }
            Logger.info("home server {} (end-to-end via switchbox {}): {}", network, address, inner.facts().describe());
            return new Dialed(inner, false, peer, List.of(new Hop("switchbox " + address, out.facts()),
                    new Hop("home server " + network + " (end-to-end)", inner.facts())), true);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
