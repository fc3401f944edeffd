package org.ioswitch.common.link;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Credit;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.PairingPending;
import org.ioswitch.common.wire.Ping;
import org.ioswitch.common.wire.Pong;
import org.ioswitch.common.wire.ProtocolState;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.TrustBundle;
import org.ioswitch.common.wire.TrustRequest;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.common.wire.WireLimits;

/**
 * The client side of the hello and authentication exchange, one for every client (device, operator client, pairing
 * device, home server uplink), on a connection the caller opened (TCP and TLS) against the same {@link Deadline}:
 * <pre>
 *   TCP ─► TLS ─► HELLO ─► HELLO_ACK ─► [TRUST_REQUEST ─► TRUST_BUNDLE] ─► AUTH ─► AUTH_OK
 *                                                                            └─► PAIRING_PENDING ─► approval ─► AUTH_OK
 * </pre>
 * Each step expects its answer within what is left of the deadline (only the wait for an admin's approval is
 * open-ended, bounded by the server's silence). An answer is taken in one way everywhere: a CLOSE is a
 * {@link RefusedException} naming peer, identity, step and the peer's code and text; a frame of another type is a
 * {@code PROTOCOL_ERROR}; silence names the step that ran out of time. The bracketed steps are pairing's
 * ({@link Pairing}); a device plugs them in.
 */
public final class ClientHandshake {
    /** A server that sends nothing (not even a PING) this long while a device waits for approval is given up. */
    public static final Duration MIN_APPROVAL_SILENCE = Duration.ofSeconds(30);

    /** The named steps of the exchange; a timeout or refusal says which one. */
    public enum Step {
        /** Opening the TCP connection. */
        TCP("TCP"),
        /** The TLS handshake. */
        TLS("TLS"),
        /** HELLO, answered by HELLO_ACK. */
        HELLO("hello"),
        /** TRUST_REQUEST, answered by TRUST_BUNDLE (pairing). */
        TRUST_REQUEST("trust request"),
        /** AUTH, answered by AUTH_OK (or PAIRING_PENDING). */
        AUTH("auth"),
        /** Waiting for an admin to approve a new device (pairing). */
        APPROVAL("pairing"),
        /** The uplink's PUBLISH, answered by PUBLISHED (tunnel framing). */
        PUBLISH("publish");

        private final String text;

        Step(String text) {
            this.text = text;
        }

        /** The protocol state the client is in while it waits for this step's answer. */
        ProtocolState state() {
            return switch (this) {
                case TCP, TLS, HELLO -> ProtocolState.HELLO;
                case TRUST_REQUEST, AUTH, PUBLISH -> ProtocolState.AUTH;
                case APPROVAL -> ProtocolState.PAIRING;
            };
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The steps pairing plugs into the exchange: what to do with the trust bundle and the pairing code. */
    public interface Pairing {
        /** The server's trust bundle: check it against the server's certificate and keep it, or throw why not. */
        void trustBundle(TrustBundle bundle) throws IOException;

        /** The server made the device wait for approval: show the code (of this TLS session) before the wait. */
        void pending(PairingPending pending) throws IOException;
    }

    private final Socket socket;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final Deadline deadline;
    private final String peer;
    private final String identity;
    private final Receiver receiver;

    /**
     * The exchange on a connected socket.
     *
     * @param socket the (TLS) socket the reader and writer use; its read timeout follows the deadline
     * @param peer the other end for messages, e.g. {@code server 127.0.0.1:6369} or {@code switchbox host:6372}
     * @param identity who this client says it is, for messages
     * @param receiver which client this is: its row of the protocol table
     */
    public ClientHandshake(Socket socket, FrameReader reader, FrameWriter writer, Deadline deadline, String peer,
                           String identity, Receiver receiver) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * DESIGN §4: a password or device secret goes only to a verified server (a client certificate may go anywhere).
     *
     * @throws IOException naming the credential and the level the connection got
     */
    public void requireVerified(Auth auth, boolean verified, String level) throws IOException {
        if (auth.kind() != CredentialKind.CERTIFICATE && !verified) {
            throw new IOException(peer + ": not sending the "
                    + (auth.kind() == CredentialKind.PASSWORD ? "password" : "device secret") + " of " + identity
                    + " to a server whose certificate was not verified (level " + level + "); trust its root with"
                    + " --trust and keep requiredLevel verified");
        }
    }

    /**
     * Sends {@code hello} (unless it went out already, as a RELAY_CLEAR routing hello does) and takes the HELLO_ACK;
     * from then on frames are written within the server's frame limit.
     *
     * @param silentCloseHint added to the error when the peer closes without a frame, e.g. why it might
     */
    public HelloAck hello(Hello hello, boolean alreadySent, String silentCloseHint) throws IOException {
        if (!alreadySent) {
            writer.writeHello(hello);
            writer.flush();
        }
        HelloAck ack = expect(Step.HELLO, HelloAck.class, silentCloseHint);
        writer.maxFrameSize(Math.max(WireLimits.MIN_FRAME_SIZE,
                Math.min(ack.maxFrameSize(), WireLimits.MAX_FRAME_SIZE)));
        return ack;
    }

    /** TRUST_REQUEST, then hands the TRUST_BUNDLE to {@code pairing}. */
    public void trust(Pairing pairing) throws IOException {
        writer.write(new TrustRequest());
        writer.flush();
        pairing.trustBundle(expect(Step.TRUST_REQUEST, TrustBundle.class, ""));
    }

    /**
     * Sends AUTH and takes the AUTH_OK. With {@code pairing}, the server may answer PAIRING_PENDING instead: the code
     * is shown and the exchange waits, answering PINGs, until the server approves (AUTH_OK) or refuses (CLOSE); the
     * wait ends when the server is silent for three keepalive intervals, at least {@link #MIN_APPROVAL_SILENCE}.
     */
    public AuthOk authenticate(Auth auth, HelloAck ack, Pairing pairing) throws IOException {
        writer.write(auth);
        writer.flush();
        Frame answer = expect(Step.AUTH, Frame.class, "");
        if (pairing != null && answer instanceof PairingPending pending) {
            pairing.pending(pending);
            answer = awaitApproval(ack);
        }
        if (answer instanceof AuthOk ok) {
            return ok;
        }
        throw refuse(CloseCode.PROTOCOL_ERROR, "expected AUTH_OK" + (pairing != null ? " or PAIRING_PENDING" : "")
                + " during " + Step.AUTH + ", got " + answer.type());
    }

    /** The exchange is over: reads wait without a timeout from now on (the link's keepalive watches the peer). */
    public void finish() throws IOException {
        socket.setSoTimeout(0);
    }

    /**
     * Gives the socket's next read what is left of the deadline, for a step whose answer is not a frame of this
     * protocol (the uplink's PUBLISHED).
     *
     * @throws SocketTimeoutException naming the step when the deadline passed
     */
    public void arm(Step step) throws IOException {
        try {
            deadline.arm(socket, step.toString());
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException(peer + ": " + step + " timed out before it started");
        }
    }

    /** The message of a peer's CLOSE at {@code step}, as a refusal. */
    public RefusedException refused(Close close, Step step) {
        return new RefusedException(close.code(), peer + " refused " + identity + " at " + step + ": " + close.code()
                + (close.text().isEmpty() ? "" : " (" + close.text() + ")"));
    }

    /**
     * Reads the answer to {@code step} within the deadline: a frame of {@code type}, or an exception naming what
     * came instead (CLOSE: {@link RefusedException}; end of stream; another frame: PROTOCOL_ERROR; silence).
     */
    public <T extends Frame> T expect(Step step, Class<T> type, String silentCloseHint) throws IOException {
        arm(step);
        Frame frame;
        try {
            frame = reader.next();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException(peer + ": no answer to " + step + " in time");
        } catch (WireException e) {
            throw refuse(e.code(), "during " + step + ": " + e.getMessage());
        }
        if (frame == null) {
            throw new IOException(peer + ": closed the connection during " + step + " without a reason"
                    + silentCloseHint);
        }
        admit(step.state(), frame);
        if (frame instanceof Close close) {
            throw refused(close, step);
        }
        if (!type.isInstance(frame)) {
            throw refuse(CloseCode.PROTOCOL_ERROR, "expected " + type.getSimpleName() + " during " + step + ", got "
                    + frame.type());
        }
        return type.cast(frame);
    }

    /** The protocol table's check: a frame this client must not receive in {@code state} ends the exchange. */
    private void admit(ProtocolState state, Frame frame) throws WireException {
        try {
            state.check(receiver, frame.type());
        } catch (WireException e) {
            throw refuse(e.code(), e.text());
        }
    }

    /**
     * Refuses the peer's misbehaviour in one way: CLOSE with the code and text goes to the peer (best effort, the
     * caller closes the connection), and the exception to throw names the peer.
     */
    public WireException refuse(CloseCode code, String text) {
        try {
            writer.write(new Close(code, text));
            writer.flush();
        } catch (IOException | RuntimeException e) {
            // The peer may be gone already; the exception below still says why we end.
        }
        return new WireException(code, peer + ": " + text);
    }

    private Frame awaitApproval(HelloAck ack) throws IOException {
        Duration silence = Duration.ofMillis(Math.max(MIN_APPROVAL_SILENCE.toMillis(), 3L * ack.keepaliveMillis()));
        socket.setSoTimeout((int) silence.toMillis());
        while (true) {
            Frame f;
            try {
                f = reader.next();
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException(peer + ": silent for " + silence.toSeconds() + " s while "
                        + identity + " waited for approval");
            }
            if (f == null) {
                throw new IOException(peer + ": closed the connection while " + identity
                        + " waited for approval, without a reason");
            }
            admit(Step.APPROVAL.state(), f);
            if (f instanceof Ping ping) {
                writer.write(new Pong(ping.token()));
                writer.flush();
            } else if (f instanceof Close close) {
                throw refused(close, Step.APPROVAL);
            } else if (!(f instanceof Pong) && !(f instanceof Credit)) {
                return f;
            }
        }
    }
}
