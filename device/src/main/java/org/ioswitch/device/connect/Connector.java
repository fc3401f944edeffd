package org.ioswitch.device.connect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.ioswitch.common.link.ClientHandshake;
import org.ioswitch.common.link.Deadline;
import org.ioswitch.common.link.RefusedException;
import org.ioswitch.common.tls.InnerRecordOutput;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.Role;
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
        Deadline deadline = Deadline.after(timeout);
        Hello hello = new Hello(Hello.VERSION, role, network, route.relayClear() ? Hello.RELAY_CLEAR : 0,
                limits.maxFrameSize());
        Route.Dialed dialed = route.dial(hello, deadline);
        TlsConnection conn = dialed.connection();
        String peer = dialed.peer();
        try {
            FrameReader reader = new FrameReader(new BufferedInputStream(conn.socket().getInputStream()), limits);
            OutputStream out = conn.socket().getOutputStream();
            // End to end through a switchbox: inner records sized to travel in one outer record each
            FrameWriter writer = new FrameWriter(new BufferedOutputStream(dialed.endToEnd()
                    ? new InnerRecordOutput(out) : out));
            ClientHandshake handshake = new ClientHandshake(conn.socket(), reader, writer, deadline, "server " + peer,
                    auth.identity(), role == Role.DEVICE ? Receiver.DEVICE : Receiver.OPERATOR);
            handshake.requireVerified(auth, conn.facts().level() == SecurityLevel.VERIFIED,
                    conn.facts().level().toString());
            // A home server that does not allow RELAY_CLEAR drops the stream without a frame.
            HelloAck ack = handshake.hello(hello, dialed.helloSent(),
                    route.relayClear() ? " (does this home server allow RELAY_CLEAR?)" : "");
            AuthOk ok = handshake.authenticate(auth, ack, null);
            handshake.finish();
            Logger.info("authenticated to {} as {} {}", peer, ok.identity(), ok.privileges());
            return new Connected(conn, reader, writer, ack, ok, peer + " (" + ok.identity() + ")", dialed.hops());
        } catch (IOException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }
}
