package org.ioswitch.server.session;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.tls.StoreFile;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.TrustBundle;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AuthenticationException;
import org.ioswitch.server.pairing.KnownDevice;
import org.ioswitch.server.pairing.Pairing;
import org.ioswitch.common.tls.PairingCode;
import org.ioswitch.server.pairing.PairingException;
import org.ioswitch.server.pairing.PendingDevice;
import org.tinylog.Logger;

/**
 * The pairing part of the handshake: a TRUST_REQUEST gets the organization's roots while pairing is open, and an AUTH
 * with a device secret either logs a paired device in or records it as pending with this session's pairing code.
 */
final class PairingStep {
    /** Shorter device secrets are refused: a secret is meant to be 256 random bits. */
    static final int MIN_SECRET_BYTES = 16;

    private final HomeServer server;
    private final String peer;
    /** True once this connection's pairing attempt was counted (its trust request): it counts once. */
    private boolean counted;

    PairingStep(HomeServer server, String peer) {
        this.server = server;
        this.peer = peer;
    }

    /** A known device, or a pending one waiting for approval. */
    record Result(Handshake.Identity identity, PendingDevice pending) {
    }

    /** The organization roots for a device that asked, if pairing is open. */
    TrustBundle trustBundle(Hello hello, String address) throws WireException {
        try {
            server.pairing().handshake(hello.network(), address);
            counted = true;
        } catch (PairingException e) {
            Logger.info("{} asked for the trust bundle: {}", peer, e.getMessage());
            throw new WireException(e.code(), e.getMessage());
        }
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate root : roots()) {
            try {
                ders.add(root.getEncoded());
            } catch (CertificateEncodingException e) {
                Logger.warn("root {} cannot be encoded: {}", root.getSubjectX500Principal(), e.getMessage());
            }
        }
        if (ders.isEmpty()) {
            Logger.warn("pairing asked by {} but no organization root is known: tls.trusted has no self-signed CA "
                    + "certificate and the server chain ends below its root", peer);
            throw new WireException(CloseCode.PAIRING_CLOSED, "this server has no organization root to hand out");
        }
        Logger.info("{} got the trust bundle ({} root(s))", peer, ders.size());
        return new TrustBundle(ders);
    }

    /**
     * Logs in a device with its secret, or records it as pending.
     *
     * @param tls the connection's TLS, or null on a plain connection (no pairing there)
     */
    Result login(Hello hello, Auth auth, TlsConnection tls, String address) throws WireException {
        String network = hello.network();
        String identity = auth.identity();
        String suffix = "." + network;
        if (hello.role() != Role.DEVICE) {
            throw new WireException(CloseCode.AUTH_FAILED, "a device secret is for role DEVICE, not "
                    + hello.role().name().toLowerCase());
        }
        if (!identity.endsWith(suffix) || identity.length() == suffix.length()) {
            throw new WireException(CloseCode.AUTH_FAILED, "device identity \"" + identity + "\" is not NAME."
                    + network + " (the network of the hello)");
        }
        String namePart = identity.substring(0, identity.length() - suffix.length());
        boolean wildcard = namePart.endsWith("*");
        String name = wildcard ? namePart.substring(0, namePart.length() - 1) : namePart;
        try {
            Account.checkName("device name", name);
        } catch (IllegalArgumentException e) {
            throw new WireException(CloseCode.AUTH_FAILED, "device identity \"" + identity + "\": " + e.getMessage());
        }
        if (auth.credential().length < MIN_SECRET_BYTES) {
            throw new WireException(CloseCode.AUTH_FAILED, "a device secret has at least " + MIN_SECRET_BYTES
                    + " bytes, got " + auth.credential().length);
        }
        // Secrets are random bytes; hashed as their Base64 text, since password hashes take UTF-8 text, which
        // would fold invalid byte sequences together.
        byte[] secret = Base64.getEncoder().encode(auth.credential());
        Optional<KnownDevice> known = server.pairing().known(network, Pairing.secretId(secret));
        if (known.isPresent()) {
            if (!wildcard && !name.equals(known.get().name())) {
                throw new WireException(CloseCode.AUTH_FAILED, "this device was paired as " + known.get().id()
                        + ", not " + identity);
            }
            return new Result(loggedIn(network, known.get().name(), secret, address), null);
        }
        if (!wildcard && server.accounts().find(network, name).isPresent()) {
            // Provisioned by hand with this secret, or another device's name: the hash decides, never the name.
            return new Result(loggedIn(network, name, secret, address), null);
        }
        if (tls == null) {
            throw new WireException(CloseCode.PAIRING_CLOSED, "pairing needs TLS: this connection is plain");
        }
        try {
            String code = PairingCode.derive(tls);
            return new Result(null, server.pairing().request(network, identity, auth.boardType(), address, secret,
                    code, !counted));
        } catch (SSLException e) {
            throw new WireException(CloseCode.INTERNAL, "no pairing code: " + e.getMessage());
        } catch (PairingException e) {
            server.peerLog().info(address, "{} pairing of {} refused: {}", peer, identity, e.getMessage());
            throw new WireException(e.code(), e.getMessage());
        }
    }

    private Handshake.Identity loggedIn(String network, String name, byte[] secret, String address)
            throws WireException {
        try {
            Account account = server.authenticator().password(network, name, secret, address);
            return new Handshake.Identity(Role.DEVICE, account, account.qualifiedName());
        } catch (AuthenticationException e) {
            server.peerLog().info(address, "{} device login refused: {}", peer, e.getMessage());
            String text = e.reason() == AuthenticationException.Reason.BAD_CREDENTIAL
                    ? name + "." + network + " is held by another device (its secret differs)" : e.peerText();
            throw new WireException(CloseCode.AUTH_FAILED, text);
        }
    }

    /** Self-signed CA certificates at the end of the server's chain and in its trusted files, read fresh each time. */
    private List<X509Certificate> roots() {
        Map<String, X509Certificate> bySubjectAndKey = new LinkedHashMap<>();
        List<X509Certificate> candidates = new ArrayList<>(server.tls().ownChain());
        for (StoreFile f : server.options().tls().trusted()) {
            if (!f.isPkcs12()) {
                try {
                    candidates.addAll(PemFiles.readCertificates(f.path()));
                } catch (CertsException e) {
                    Logger.warn("trust bundle: {}", e.getMessage());
                }
            }
        }
        for (X509Certificate c : candidates) {
            if (c.getBasicConstraints() >= 0 && c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                bySubjectAndKey.putIfAbsent(c.getSubjectX500Principal() + "|" + c.getPublicKey(), c);
            }
        }
        return new ArrayList<>(bySubjectAndKey.values());
    }
}
