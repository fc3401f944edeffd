package org.ioswitch.device.connect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.ioswitch.common.tls.AlertHints;
import org.ioswitch.common.tls.InnerRecordOutput;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.common.wire.WireLimits;
import org.tinylog.Logger;

/**
 * Opens a client connection up to a home server: TCP and TLS, HELLO / HELLO_ACK, AUTH / AUTH_OK, all within one
 * deadline whose timeout names its step. Shared by the device runtime and the operator client.
 */
public final class Connector {
    private Connector() {
    }

    /**
     * Connects directly to {@code server} and authenticates; as {@link #connect(Route, Role, String, Auth, WireLimits,
     * Duration)} with {@link Route#direct}.
     */
    public static Connected connect(TlsClientContext tls, ServerAddress server, Role role, String network, Auth auth,
                                    WireLimits limits, Duration timeout) throws IOException {
        return connect(Route.direct(server, tls), role, network, auth, limits, timeout);
    }

    /**
     * Connects along {@code route} (directly or through a switchbox) and authenticates.
     *
     * @param route direct, or via a switchbox (end to end, or RELAY_CLEAR)
     * @param role DEVICE or OPERATOR
     * @param network the network named in the hello
     * @param auth identity and credential
     * @param limits our wire limits; their frame size is announced in the hello
     * @param timeout for all steps together
     * @throws RefusedException when the switchbox or the server closes with a reason during hello or authentication
     * @throws SocketTimeoutException naming the step that ran out of time
     * @throws IOException when the connection or TLS fails, or a password would go to an unverified server
     */
    public static Connected connect(Route route, Role role, String network, Auth auth, WireLimits limits,
                                    Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        Hello hello = new Hello(Hello.VERSION, role, network, route.relayClear() ? Hello.RELAY_CLEAR : 0,
                limits.maxFrameSize());
        Route.Dialed dialed = route.dial(hello, timeout);
        TlsConnection conn = dialed.connection();
        String peer = dialed.peer();
        try {
            if (auth.kind() != CredentialKind.CERTIFICATE && conn.facts().level() != SecurityLevel.VERIFIED) {
                // DESIGN §4: a password or secret goes only to a verified server.
                throw new IOException("server " + peer + ": not sending the " + kindName(auth.kind())
                        + " of " + auth.identity() + " to a server whose certificate was not verified (level "
                        + conn.facts().level() + "); trust its root with --trust and keep requiredLevel verified");
            }
            FrameReader reader = new FrameReader(new BufferedInputStream(conn.socket().getInputStream()), limits);
            OutputStream out = conn.socket().getOutputStream();
            // End to end through a switchbox: inner records sized to travel in one outer record each
            FrameWriter writer = new FrameWriter(new BufferedOutputStream(dialed.endToEnd()
                    ? new InnerRecordOutput(out) : out));
            if (!dialed.helloSent()) {
                writer.writeHello(hello);
                writer.flush();
            }
            // A home server that does not allow RELAY_CLEAR drops the stream without a frame.
            String silentClose = route.relayClear() ? " (does this home server allow RELAY_CLEAR?)" : "";
            HelloAck ack = expect(conn, reader, HelloAck.class, "hello", peer, auth.identity(), deadline, silentClose);
            writer.maxFrameSize(Math.max(WireLimits.MIN_FRAME_SIZE, Math.min(ack.maxFrameSize(), WireLimits.MAX_FRAME_SIZE)));
            writer.write(auth);
            writer.flush();
            AuthOk ok = expect(conn, reader, AuthOk.class, "auth", peer, auth.identity(), deadline, "");
            conn.socket().setSoTimeout(0);
            Logger.info("authenticated to {} as {} {}", peer, ok.identity(), ok.privileges());
            return new Connected(conn, reader, writer, ack, ok, peer + " (" + ok.identity() + ")", dialed.hops());
        } catch (IOException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    private static String kindName(CredentialKind kind) {
        return kind == CredentialKind.PASSWORD ? "password" : "device secret";
    }

    private static <T extends Frame> T expect(TlsConnection conn, FrameReader reader, Class<T> type, String step,
                                              String peer, String identity, Instant deadline, String silentCloseHint)
            throws IOException {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
            throw new SocketTimeoutException("server " + peer + ": " + step + " timed out before it started");
        }
        conn.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        Frame frame;
        try {
            frame = reader.next();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("server " + peer + ": no answer to " + step + " in time");
        } catch (WireException e) {
            throw new WireException(e.code(), "server " + peer + ": during " + step + ": " + e.getMessage());
        } catch (IOException e) {
            // In TLS 1.3 a refused client certificate is heard as an alert on the first read, here.
            Optional<String> alert = AlertHints.received(e, false);
            if (alert.isPresent()) {
                throw new IOException("server " + peer + ": during " + step + ": " + alert.get(), e);
            }
            throw e;
        }
        if (frame == null) {
            throw new IOException("server " + peer + ": closed the connection during " + step + " without a reason"
                    + silentCloseHint);
        }
        if (frame instanceof Close close) {
            throw new RefusedException(close.code(), "server " + peer + " refused " + identity + " at " + step + ": "
                    + close.code() + (close.text().isEmpty() ? "" : " (" + close.text() + ")"));
        }
        if (!type.isInstance(frame)) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "server " + peer + ": expected "
                    + type.getSimpleName() + " during " + step + ", got " + frame.type());
        }
        return type.cast(frame);
    }
}
