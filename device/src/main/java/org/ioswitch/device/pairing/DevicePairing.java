package org.ioswitch.device.pairing;

import org.ioswitch.common.tls.PairingCode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.ioswitch.common.link.ClientHandshake;
import org.ioswitch.common.link.Deadline;
import org.ioswitch.common.link.RefusedException;
import org.ioswitch.common.tls.ChainVerifier;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.StoreFile;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsFacts;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.PairingPending;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.TrustBundle;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.device.connect.Connected;
import org.ioswitch.device.connect.Hop;
import org.ioswitch.common.link.RefusedException;
import org.ioswitch.device.connect.ServerAddress;
import org.tinylog.Logger;

/**
 * Connects a device that authenticates with its secret, pairing it on the way when needed:
 * <pre>
 *   no trust yet:  TLS (level tls) → HELLO NEED_TRUST_BUNDLE → TRUST_REQUEST → TRUST_BUNDLE
 *                  → the server's chain must chain to the bundle (and name the host) → D/trust.pem
 *   paired:        TLS (level verified, only the roots of D/trust.pem or the configured ones) → HELLO
 *   both:          AUTH (DEVICE_SECRET) → AUTH_OK, or PAIRING_PENDING(code) → wait, answering PINGs → AUTH_OK
 * </pre>
 * The device shows the code of its own TLS session, never the one in the server's frame: a man in the middle
 * relays the server's frame but cannot make the two sessions' codes equal.
 */
public final class DevicePairing implements AutoCloseable {
    /** A server that sends nothing (not even a PING) this long while the device waits for approval is given up. */
    public static final Duration MIN_SILENCE = ClientHandshake.MIN_APPROVAL_SILENCE;

    private final TlsOptions configured;
    private final TrustStore trust;
    private final Consumer<String> onCode;
    /** Used by the device's connecting thread only. */
    private TlsClientContext bootstrap;
    private TlsClientContext verified;
    /** The connection while it waits for approval, so {@link #abort()} can end it. */
    private volatile TlsConnection inFlight;

    /**
     * Pairing for the device of {@code stateDir}.
     *
     * @param configured the device's TLS settings; with trusted roots of their own, no trust bundle is asked for
     * @param onCode told each pairing code the device shows
     */
    public DevicePairing(Path stateDir, TlsOptions configured, Consumer<String> onCode) {
        this.configured = Objects.requireNonNull(configured, "configured");
        this.trust = new TrustStore(stateDir);
        this.onCode = Objects.requireNonNull(onCode, "onCode");
    }

    /** True when the device has roots to verify servers with: configured ones or the stored bundle. */
    public boolean hasTrust() {
        return !configured.trusted().isEmpty() || trust.exists();
    }

    /**
     * The TLS settings that verify the home server on other routes (through a switchbox): the configured roots, else
     * the stored bundle at level {@code verified}. Before the device has any, they accept the server unverified, and
     * the connector then refuses to send the secret over such a route: a device pairs over a direct connection.
     */
    public TlsOptions homeOptions() {
        if (!configured.trusted().isEmpty()) {
            return configured;
        }
        if (trust.exists()) {
            return verifiedOptions();
        }
        return configured.toBuilder().trusted(List.of()).requiredLevel(SecurityLevel.TLS).build();
    }

    private TlsOptions verifiedOptions() {
        return configured.toBuilder().trusted(List.of(StoreFile.pem(trust.file()))).requiredLevel(SecurityLevel.VERIFIED)
                .build();
    }

    /**
     * Connects and authenticates with the device secret, pairing first if the device has no trust yet; may wait for
     * an admin's approval as long as the server keeps the connection alive.
     *
     * @throws RefusedException when the server closes with a reason (pairing closed, rejected, auth failed)
     * @throws IOException when TLS fails (e.g. a server that does not chain to the stored roots), or the server's
     *         certificate does not chain to the bundle it sent
     */
    public Connected connect(ServerAddress server, String network, Auth auth, WireLimits limits, Duration timeout)
            throws IOException {
        boolean needTrust = !hasTrust();
        Deadline deadline = Deadline.after(timeout);
        TlsConnection conn = context(needTrust).connect(server.host(), server.port(), deadline.left());
        String peer = server.toString();
        try {
            FrameReader reader = new FrameReader(new BufferedInputStream(conn.socket().getInputStream()), limits);
            FrameWriter writer = new FrameWriter(new BufferedOutputStream(conn.socket().getOutputStream()));
            ClientHandshake handshake = new ClientHandshake(conn.socket(), reader, writer, deadline, "server " + peer,
                    auth.identity(), Receiver.DEVICE);
            // Without trust the server is checked against the bundle it sends before the secret goes out.
            handshake.requireVerified(auth, needTrust || conn.facts().level() == SecurityLevel.VERIFIED,
                    conn.facts().level().toString());
            HelloAck ack = handshake.hello(new Hello(Hello.VERSION, Role.DEVICE, network,
                    needTrust ? Hello.NEED_TRUST_BUNDLE : 0, limits.maxFrameSize()), false, "");
            ClientHandshake.Pairing steps = new Steps(conn, server, auth.identity());
            if (needTrust) {
                handshake.trust(steps);
            }
            AuthOk ok = handshake.authenticate(auth, ack, steps);
            handshake.finish();
            Logger.info("authenticated to {} as {} {}", peer, ok.identity(), ok.privileges());
            return new Connected(conn, reader, writer, ack, ok, peer + " (" + ok.identity() + ")",
                    List.of(hop(conn.facts(), server, needTrust)));
        } catch (IOException | RuntimeException e) {
            conn.close();
            throw e;
        } finally {
            inFlight = null;
        }
    }

    /** What pairing adds to the handshake: keep the bundle that checks out, show the code, let abort() end the wait. */
    private final class Steps implements ClientHandshake.Pairing {
        private final TlsConnection conn;
        private final ServerAddress server;
        private final String identity;

        Steps(TlsConnection conn, ServerAddress server, String identity) {
            this.conn = conn;
            this.server = server;
            this.identity = identity;
        }

        @Override
        public void trustBundle(TrustBundle bundle) throws IOException {
            adoptBundle(conn, bundle, server, identity);
        }

        @Override
        public void pending(PairingPending pending) throws IOException {
            // Only the wait for approval is open-ended; the steps before it end within the connect timeout, and a
            // device stopped during them closes the new link with SHUTDOWN once it is up, telling the server why.
            inFlight = conn;
            String code = PairingCode.derive(conn);
            Logger.info("device {}: pairing code {}, waiting for approval", identity, PairingCode.display(code));
            if (!code.equals(pending.pairingCode())) {
                Logger.warn("device {}: the server reports pairing code {}, this connection's is {}: something "
                        + "between the device and the server terminates TLS; the admin must not approve", identity,
                        PairingCode.display(pending.pairingCode()), PairingCode.display(code));
            }
            onCode.accept(code);
        }
    }

    /** Ends a connection that waits for approval, when the device stops. */
    public void abort() {
        TlsConnection c = inFlight;
        if (c != null) {
            c.close();
        }
    }

    /**
     * The hop as the device knows it: on the connection that fetched the trust bundle, TLS itself could not verify
     * the server (there were no roots yet), but {@link #adoptBundle} then checked its chain and host name against the
     * bundle, so the session ends up verified; the name says how.
     */
    private static Hop hop(TlsFacts facts, ServerAddress server, boolean bootstrapped) {
        if (!bootstrapped) {
            return new Hop("home server " + server, facts);
        }
        return new Hop("home server " + server + " (verified against the trust bundle it sent while pairing)",
                new TlsFacts(facts.protocol(), facts.cipherSuite(), SecurityLevel.VERIFIED, facts.peerSubject(),
                        facts.authenticatedName(), facts.peerChain()));
    }

    private void adoptBundle(TlsConnection conn, TrustBundle bundle, ServerAddress server, String identity)
            throws IOException {
        List<X509Certificate> roots = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : bundle.derCertificates()) {
                roots.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
            // The bundle comes from the server itself: this proves the server holds a key its organization signed,
            // and fixes the roots every later connection is checked against. The pairing code protects this step.
            new ChainVerifier(roots, configured.expiry(), List.of(), configured.clockFloor())
                    .verifyServer(conn.facts().peerChain(), configured.verifyHostname() ? server.host() : null);
        } catch (CertificateException e) {
            throw new IOException("server " + server + ": not pairing with it, its certificate fails the check against "
                    + "the trust bundle it sent: " + e.getMessage());
        }
        trust.save(roots);
        List<String> names = roots.stream().map(r -> r.getSubjectX500Principal().getName()).toList();
        Logger.info("device {}: stored the trust bundle of {} ({}) in {}; from now on only servers that chain to it "
                + "are accepted, until 'ioswitch device reset'", identity, server, String.join("; ", names),
                trust.file());
    }

    private TlsClientContext context(boolean needTrust) throws IOException {
        try {
            if (needTrust) {
                if (bootstrap == null) {
                    bootstrap = TlsClientContext.open(configured.toBuilder().trusted(List.of())
                            .requiredLevel(SecurityLevel.TLS).build());
                }
                return bootstrap;
            }
            if (verified == null) {
                verified = TlsClientContext.open(configured.trusted().isEmpty() ? verifiedOptions() : configured);
            }
            return verified;
        } catch (TlsSetupException e) {
            throw new IOException("TLS setup: " + e.getMessage(), e);
        }
    }

    /** Closes the TLS contexts. */
    @Override
    public void close() {
        if (bootstrap != null) {
            bootstrap.close();
        }
        if (verified != null) {
            verified.close();
        }
    }
}
