package org.ioswitch.server.uplink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ioswitch.common.link.Backoff;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.link.ClientHandshake;
import org.ioswitch.common.link.Deadline;
import org.ioswitch.common.link.RefusedException;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsFacts;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.tunnel.TunnelFrame;
import org.ioswitch.common.tunnel.TunnelFrame.Publish;
import org.ioswitch.common.tunnel.TunnelFrame.TunnelClose;
import org.ioswitch.common.tunnel.TunnelState;
import org.ioswitch.common.tunnel.TunnelStream;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.common.wire.WireLimits;
import org.tinylog.Logger;

/**
 * Keeps one outgoing TLS tunnel to the switchbox and publishes this server's networks through it:
 * <pre>
 *   DISCONNECTED -&gt; (TLS, HELLO, AUTH, PUBLISH) -&gt; PUBLISHED -&gt; tunnel ends -&gt; DISCONNECTED -&gt; backoff -&gt; ...
 * </pre>
 * Reconnects with capped exponential backoff and jitter until {@link #close}; after a switchbox restart it publishes
 * again. Each relayed client is handed to the {@link StreamAcceptor} on its own thread.
 */
public final class Uplink implements AutoCloseable {
    /**
     * What the uplink is doing.
     *
     * @param published true while the tunnel is up and the networks are routed here
     * @param attempts connection attempts so far
     * @param publishes successful publishes so far
     * @param lastProblem why the last attempt or tunnel ended, empty when none
     */
    public record Status(boolean published, int attempts, int publishes, String lastProblem) {}

    private final UplinkOptions options;
    private final StreamAcceptor acceptor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private TlsClientContext tls;
    private Status status = new Status(false, 0, 0, "");
    private volatile Tunnel tunnel;
    /** The switchbox (cluster node) of the current (or last) tunnel. */
    private volatile HostPort publishedOn;
    /** The TLS facts of the current (or last) tunnel, for status displays. */
    private volatile TlsFacts tunnelFacts;
    private Thread thread;

    /** An uplink; call {@link #start()}. */
    public Uplink(UplinkOptions options, StreamAcceptor acceptor) {
        this.options = Objects.requireNonNull(options, "options");
        this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
    }

    /**
     * Reads the TLS material and starts connecting in the background.
     *
     * @throws TlsSetupException naming the TLS file or setting that is wrong
     */
    public synchronized void start() throws TlsSetupException {
        if (thread != null) {
            throw new IllegalStateException("uplink already started");
        }
        tls = TlsClientContext.open(options.tls());
        thread = Threads.start("ioswitch-uplink " + options.host() + ":" + options.port(), this::run);
    }

    /** The TLS session of the current (or last) tunnel to the switchbox, once one was published. */
    public Optional<TlsFacts> tunnelFacts() {
        return Optional.ofNullable(tunnelFacts);
    }

    /** Relayed client streams open through the current tunnel now (0 without a tunnel). */
    public int openStreams() {
        Tunnel t = tunnel;
        return t == null || !t.isOpen() ? 0 : t.streams().size();
    }

    /** The switchbox (of several: the cluster node) the current or last tunnel was published on. */
    public Optional<HostPort> publishedOn() {
        return Optional.ofNullable(publishedOn);
    }

    /** The current publishing state. */
    public synchronized Status status() {
        return status;
    }

    /**
     * Waits until the status meets {@code condition}.
     *
     * @throws TimeoutException naming the last status when it did not within {@code timeout}
     */
    public synchronized Status awaitStatus(Predicate<Status> condition, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(status)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("uplink status not reached within " + timeout + ": " + status);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return status;
    }

    /** Stops reconnecting and closes the tunnel; relayed clients end. */
    @Override
    public void close() {
        closed.countDown();
        Tunnel t = tunnel;
        if (t != null) {
            t.close(CloseCode.SHUTDOWN, "home server shutting down");
        }
        synchronized (this) {
            if (tls != null) {
                tls.close();
            }
        }
    }

    private synchronized void update(boolean published, int attempts, int publishes, String problem) {
        status = new Status(published, status.attempts() + attempts, status.publishes() + publishes,
                problem == null ? status.lastProblem() : problem);
        notifyAll();
    }

    /**
     * Connects, publishes, waits for the tunnel to end, and again. With several switchbox addresses (a cluster) it
     * starts at a random one and stays with it (sticky) while it works; it moves to another node when a connection
     * fails, the node goes silent (keepalive timeout) or says it is leaving (SHUTDOWN) or lost the network (MOVING).
     * A MOVING refusal ("network held on another node; retry in N s") is the cluster answering: it retries the same
     * node within a second, without growing the backoff, so a network re-homes soon after a dead node's lease ends.
     */
    private void run() {
        Backoff backoff = new Backoff(options.reconnectMin(), options.reconnectMax());
        List<HostPort> all = options.switchboxes();
        int at = ThreadLocalRandom.current().nextInt(all.size());
        while (closed.getCount() > 0) {
            update(false, 1, 0, null);
            HostPort target = all.get(at);
            Duration delay;
            try {
                Tunnel t = connect(target);
                backoff.reset();
                // A switchbox this server's (reloaded) trust or CRL no longer accepts is dropped at once.
                Runnable recheck = () -> recheck(t);
                tls.addReloadListener(recheck);
                CloseReason ended;
                try {
                    ended = t.ended().join();
                } finally {
                    tls.removeReloadListener(recheck);
                }
                update(false, 0, 0, "tunnel ended by " + ended.by() + ": " + ended.code() + " " + ended.text());
                // the node is leaving, lost the network, or went silent (hung): another node may serve now
                boolean nodeLeft = ended.by() == CloseReason.Closer.PEER
                        && (ended.code() == CloseCode.SHUTDOWN || ended.code() == CloseCode.MOVING)
                        || ended.by() == CloseReason.Closer.LOCAL && ended.code() == CloseCode.TIMEOUT;
                if (nodeLeft) {
                    at = another(at, all.size());
                }
                delay = backoff.next();
            } catch (IOException e) {
                Optional<Duration> hint = retryHint(e);
                if (hint.isPresent()) {
                    delay = hint.get();
                } else {
                    at = another(at, all.size());
                    delay = backoff.next();
                }
                if (closed.getCount() > 0) {
                    Logger.warn("uplink to {}: {}", target, e.getMessage());
                }
                update(false, 0, 0, e.getMessage());
            }
            try {
                if (closed.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void recheck(Tunnel t) {
        TlsFacts facts = tunnelFacts;
        if (facts == null || facts.level() != org.ioswitch.common.tls.SecurityLevel.VERIFIED) {
            return;
        }
        try {
            tls.revalidate(facts.peerChain());
        } catch (java.security.cert.CertificateException e) {
            Logger.info("uplink to {}:{}: the switchbox is no longer accepted after the trust files changed: {}",
                    options.host(), options.port(), e.getMessage());
            t.close(CloseCode.NOT_AUTHORIZED, "switchbox certificate no longer accepted: " + e.getMessage());
        }
    }

    /** A different index than {@code at}, at random, when there is one. */
    private static int another(int at, int size) {
        return size < 2 ? at : (at + 1 + ThreadLocalRandom.current().nextInt(size - 1)) % size;
    }

    /** A MOVING refusal's "retry in N s", capped at one second (jittered), so a re-homing network is not kept waiting. */
    private static Optional<Duration> retryHint(IOException e) {
        CloseCode code = e instanceof RefusedException r ? r.code() : e instanceof WireException w ? w.code() : null;
        if (code != CloseCode.MOVING) {
            return Optional.empty();
        }
        Matcher m = RETRY_IN.matcher(String.valueOf(e.getMessage()));
        long seconds = m.find() ? Long.parseLong(m.group(1)) : 1;
        long millis = Math.min(1000, seconds * 1000);
        return Optional.of(Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1)));
    }

    private static final Pattern RETRY_IN = Pattern.compile("retry in (\\d{1,6}) s");

    /** One attempt: TLS, HELLO, AUTH, PUBLISH, all within connectTimeout; returns the running tunnel. */
    private Tunnel connect(HostPort target) throws IOException {
        Deadline deadline = Deadline.after(options.connectTimeout());
        TlsConnection conn = tls.connect(target.host(), target.port(), deadline.left());
        try {
            Socket socket = conn.socket();
            // Unbuffered: the tunnel reads on from this stream once PUBLISHED arrives, nothing may be read ahead.
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            ClientHandshake handshake = new ClientHandshake(socket, new FrameReader(in, WireLimits.DEFAULT),
                    new FrameWriter(out), deadline, "switchbox " + target,
                    options.account(), Receiver.UPLINK);
            HelloAck ack = handshake.hello(new Hello(Hello.VERSION, Role.SERVICE, options.networks().get(0), 0,
                    options.tunnel().maxFrameSize()), false, "");
            byte[] credential = options.password() == null ? new byte[0]
                    : options.password().getBytes(StandardCharsets.UTF_8);
            handshake.authenticate(new Auth(options.account(), options.password() == null
                    ? CredentialKind.CERTIFICATE : CredentialKind.PASSWORD, credential, ""), ack, null);
            out.write(TunnelCodec.encode(new Publish(false, options.networks())));
            out.flush();
            handshake.arm(ClientHandshake.Step.PUBLISH);
            TunnelFrame answer;
            try {
                answer = TunnelCodec.read(in, options.tunnel().maxFrameSize());
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no PUBLISHED within connectTimeout " + options.connectTimeout());
            }
            if (answer != null) {
                checkPublishing(answer, out);
            }
            if (answer instanceof TunnelClose c) {
                throw new RefusedException(c.code(), "switchbox refused to publish: " + c.code() + " " + c.text());
            }
            if (!(answer instanceof Publish p) || !p.confirmed()) {
                throw new WireException(CloseCode.PROTOCOL_ERROR, "expected PUBLISHED, got " + answer);
            }
            handshake.finish();
            Tunnel t = new Tunnel("uplink " + options.account() + "@" + target, in, out,
                    conn, options.tunnel(), ack.maxFrameSize(), this::serve);
            tunnel = t;
            t.start();
            if (closed.getCount() == 0) {
                t.close(CloseCode.SHUTDOWN, "home server shutting down");
            }
            Logger.info("uplink published {} on {} as {} ({})", p.networks(), target,
                    options.account(), conn.facts().describe());
            tunnelFacts = conn.facts();
            publishedOn = target;
            update(true, 0, 1, "");
            return t;
        } catch (IOException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    /**
     * The answer to PUBLISH must be one the home end may receive while publishing; any other is told to the switchbox
     * (TUNNEL_CLOSE PROTOCOL_ERROR naming frame and state) before this attempt ends with the same text.
     */
    private static void checkPublishing(TunnelFrame answer, OutputStream out) throws WireException {
        try {
            TunnelState.PUBLISHING.check(TunnelState.End.HOME, answer.type());
        } catch (WireException e) {
            try {
                out.write(TunnelCodec.encode(new TunnelClose(e.code(), e.getMessage())));
                out.flush();
            } catch (IOException gone) {
                // the switchbox hung up already; the attempt fails with the protocol error all the same
            }
            throw e;
        }
    }

    /** A relayed client: read the routing hello, then hand the stream over like an accepted socket. */
    private void serve(TunnelStream stream) {
        Socket socket = stream.socket();
        String client = stream.info().clientAddress();
        try {
            socket.setSoTimeout((int) options.connectTimeout().toMillis());
            Hello hello = FrameReader.readHello(stream.input());
            socket.setSoTimeout(0);
            if (!hello.network().equals(stream.info().network()) || !options.networks().contains(hello.network())) {
                throw new WireException(CloseCode.UNKNOWN_NETWORK, "stream for " + stream.info().network()
                        + " carries a hello for " + hello.network() + "; this server publishes " + options.networks());
            }
            boolean clear = (hello.flags() & Hello.RELAY_CLEAR) != 0;
            if (clear) {
                // a plain listener's session reads the HELLO first: give it back
                stream.pushBack(FrameWriter.encodeHello(hello));
            }
            var info = stream.info();
            Logger.info("relayed client {} for {} ({} {} {}, {})", client, info.network(), info.tlsProtocol(),
                    info.tlsCipherSuite(), info.tlsLevel(), clear ? "RELAY_CLEAR" : "end-to-end TLS");
            acceptor.accept(socket, new RelayedClient(client, info.network(), !clear,
                    info.tlsProtocol() + " " + info.tlsCipherSuite() + " " + info.tlsLevel(), info.clientSubject()));
        } catch (WireException e) {
            Logger.info("relayed client {}: {}", client, e.getMessage());
            stream.close(e.code(), e.text());
        } catch (IOException e) {
            Logger.info("relayed client {}: {}", client, e.getMessage());
            stream.close(CloseCode.NORMAL, "");
        }
    }

    /** The networks this uplink publishes. */
    public List<String> networks() {
        return options.networks();
    }
}
