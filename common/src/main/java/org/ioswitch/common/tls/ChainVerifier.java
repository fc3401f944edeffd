package org.ioswitch.common.tls;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Verifies a certificate chain against a fixed set of trusted roots, the expiry policy and an optional CRL. Used by the
 * TLS trust managers and by device pairing (a device checks a server chain against a just-received bundle).
 *
 * <p>Only the given roots count: never the JDK's or the OS's store. A root may be a CA or a pinned self-signed leaf.
 * Paths are built from the leaf through the presented intermediates to the first certificate that is, or is signed by,
 * a trusted root. Validity is checked against the later of now and the clock floor, so a device that boots in 1970
 * does not refuse everything.
 */
public final class ChainVerifier {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";
    private static final int MAX_DEPTH = 8;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final List<X509Certificate> roots;
    private final ExpiryPolicy expiry;
    private final List<X509CRL> crls;
    private final Supplier<Instant> clockFloor;
    private final InstantSource clock;
    private final AtomicBoolean floorLogged = new AtomicBoolean();
    /** Signatures and dates of certificate bytes this verifier has already checked (a fleet reconnects with the same). */
    private final KnownCertificates known = new KnownCertificates();

    /**
     * Creates a verifier.
     *
     * @param roots the only trusted certificates
     * @param expiry what an expired or not-yet-valid certificate in the path does
     * @param crls revocation lists; each is honoured for the certificates its issuer signed, after its signature verifies
     * @param clockFloor validity is checked against the later of now and this instant
     */
    public ChainVerifier(Collection<X509Certificate> roots, ExpiryPolicy expiry, Collection<X509CRL> crls,
            Supplier<Instant> clockFloor) {
        this(roots, expiry, crls, clockFloor, InstantSource.system());
    }

    /** A verifier whose "now" comes from {@code clock} (tests inject one that says 1970). */
    public ChainVerifier(Collection<X509Certificate> roots, ExpiryPolicy expiry, Collection<X509CRL> crls,
            Supplier<Instant> clockFloor, InstantSource clock) {
        this.roots = List.copyOf(roots);
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.crls = List.copyOf(crls);
        this.clockFloor = Objects.requireNonNull(clockFloor, "clockFloor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A verifier for these roots with expiry enforced, no CRL and no clock floor. */
    public static ChainVerifier of(Collection<X509Certificate> roots) {
        return new ChainVerifier(roots, ExpiryPolicy.ENFORCE, List.of(), () -> Instant.EPOCH);
    }

    /** The trusted roots. */
    public List<X509Certificate> roots() {
        return roots;
    }

    /**
     * Verifies a server's chain and, when {@code host} is not null, that the leaf names that host or IP.
     *
     * @throws CertificateException with the reason: untrusted, bad signature, expired, revoked, wrong host name, ...
     */
    public void verifyServer(List<X509Certificate> chain, String host) throws CertificateException {
        verify(chain, SERVER_AUTH, "servers");
        if (host != null) {
            X509Certificate leaf = chain.get(0);
            step(TlsRefusal.Rule.HOST_NAME, leaf, () -> {
                HostNames.check(leaf, host);
                return null;
            });
        }
    }

    /**
     * Checks only that {@code leaf} names {@code host} (a DNS name or IP literal) in its SANs, the CN only without SANs.
     *
     * @throws TlsRefusal with rule host name, listing the names tried and the SANs found
     */
    public static void checkHostName(X509Certificate leaf, String host) throws TlsRefusal {
        step(TlsRefusal.Rule.HOST_NAME, leaf, () -> {
            HostNames.check(leaf, host);
            return null;
        });
    }

    /** The clock floor this verifier checks validity against. */
    public Instant clockFloor() {
        return clockFloor.get();
    }

    /** What "now" is for this verifier. */
    public Instant now() {
        return clock.instant();
    }

    /** Certificates whose signature and dates this verifier remembers (tests). */
    int rememberedCertificates() {
        return known.size();
    }

    /** The CRLs this verifier honours. */
    public List<X509CRL> crls() {
        return crls;
    }

    /** Verifies a client's chain. @throws CertificateException with the reason */
    public void verifyClient(List<X509Certificate> chain) throws CertificateException {
        verify(chain, CLIENT_AUTH, "clients");
    }

    private void verify(List<X509Certificate> chain, String purpose, String purposeName) throws CertificateException {
        if (chain == null || chain.isEmpty()) {
            throw new TlsRefusal(TlsRefusal.Rule.CLIENT_CERTIFICATE, null, "no certificate presented", null);
        }
        X509Certificate leaf = chain.get(0);
        if (roots.isEmpty()) {
            throw new TlsRefusal(TlsRefusal.Rule.TRUST, leaf, "no trusted roots configured, cannot verify "
                    + subject(leaf), null);
        }
        List<X509Certificate> path = step(TlsRefusal.Rule.TRUST, leaf, () -> buildPath(chain));
        step(TlsRefusal.Rule.PURPOSE, leaf, () -> {
            checkPurpose(leaf, purpose, purposeName);
            return null;
        });
        step(TlsRefusal.Rule.EXPIRY, leaf, () -> {
            checkValidity(path);
            return null;
        });
        step(TlsRefusal.Rule.REVOCATION, leaf, () -> {
            checkRevocation(path);
            return null;
        });
    }

    /** One rule's check; whatever it refuses becomes a {@link TlsRefusal} naming the rule and the setting. */
    private interface Check<T> {
        T run() throws CertificateException;
    }

    private static <T> T step(TlsRefusal.Rule rule, X509Certificate leaf, Check<T> check) throws TlsRefusal {
        try {
            return check.run();
        } catch (TlsRefusal e) {
            throw e;
        } catch (CertificateException e) {
            throw new TlsRefusal(rule, leaf, e.getMessage(), e.getCause());
        }
    }

    /** Leaf first, trusted anchor last. */
    private List<X509Certificate> buildPath(List<X509Certificate> chain) throws CertificateException {
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate current = chain.get(0);
        while (path.size() <= MAX_DEPTH) {
            path.add(current);
            if (roots.contains(current)) {
                return path;
            }
            X509Certificate root = findIssuer(current, roots);
            if (root != null) {
                checkCa(root, path.size() - 1, current);
                path.add(root);
                return path;
            }
            X509Certificate next = findIssuer(current, chain);
            if (next == null || path.contains(next)) {
                X509Certificate leaf = chain.get(0);
                throw new CertificateException("certificate " + subject(leaf) + " is not trusted: "
                        + (current == leaf ? "its issuer " : "its chain ends at " + subject(current) + ", issued by ")
                        + CertificateText.issuer(current) + ", which is not among the " + roots.size()
                        + " trusted roots " + names(roots));
            }
            checkCa(next, path.size() - 1, current);
            current = next;
        }
        throw new CertificateException("chain of " + subject(chain.get(0)) + " is longer than " + MAX_DEPTH);
    }

    /** The candidate named as issuer whose key verifies the signature; a name match with a bad signature is an error. */
    private X509Certificate findIssuer(X509Certificate cert, List<X509Certificate> candidates)
            throws CertificateException {
        X509Certificate nameMatch = null;
        for (X509Certificate candidate : candidates) {
            if (!candidate.equals(cert) && candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                if (signedBy(cert, candidate.getPublicKey())) {
                    return candidate;
                }
                nameMatch = candidate;
            }
        }
        if (nameMatch != null) {
            throw new CertificateException("signature of " + subject(cert) + " does not verify with the key of "
                    + subject(nameMatch));
        }
        return null;
    }

    private boolean signedBy(X509Certificate cert, PublicKey key) {
        return known.signedBy(cert, key);
    }

    private static void checkCa(X509Certificate ca, int intermediatesBelow, X509Certificate issued)
            throws CertificateException {
        int pathLen = ca.getBasicConstraints();
        if (pathLen < 0) {
            throw new CertificateException(subject(ca) + " is not a CA but signed " + subject(issued));
        }
        if (intermediatesBelow > pathLen) {
            throw new CertificateException(subject(ca) + " allows " + pathLen + " intermediates below it, chain has "
                    + intermediatesBelow);
        }
        boolean[] usage = ca.getKeyUsage();
        if (usage != null && !usage[5]) {
            throw new CertificateException(subject(ca) + " has no keyCertSign key usage but signed " + subject(issued));
        }
    }

    private static void checkPurpose(X509Certificate leaf, String purpose, String purposeName)
            throws CertificateException {
        List<String> ekus;
        try {
            ekus = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CertificateException("cannot read extended key usage of " + subject(leaf), e);
        }
        if (ekus != null && !ekus.contains(purpose) && !ekus.contains(ANY_EKU)) {
            throw new CertificateException("certificate " + subject(leaf) + " is not for TLS " + purposeName
                    + " (extended key usage " + ekus + ")");
        }
    }

    private void checkValidity(List<X509Certificate> path) throws CertificateException {
        if (expiry == ExpiryPolicy.OFF) {
            return;
        }
        Instant now = clock.instant();
        Instant floor = clockFloor.get();
        Instant at = now;
        if (floor != null && floor.isAfter(now)) {
            at = floor;
            if (floorLogged.compareAndSet(false, true)) {
                Logger.info("clock {} is before the clock floor {}: checking certificate validity against the floor",
                        now, floor);
            }
        }
        Date when = Date.from(at);
        for (X509Certificate cert : path) {
            String problem = null;
            Date notAfter = known.notAfter(cert);
            Date notBefore = known.notBefore(cert);
            if (when.after(notAfter)) {
                problem = "certificate " + subject(cert) + " expired " + DAY.format(notAfter.toInstant());
            } else if (when.before(notBefore)) {
                problem = "certificate " + subject(cert) + " is not valid before "
                        + DAY.format(notBefore.toInstant()) + " (checked at " + at + ")";
            }
            if (problem != null) {
                if (expiry == ExpiryPolicy.ENFORCE) {
                    throw new CertificateException(problem + ", expiry=enforce");
                }
                Logger.warn("{}, expiry=warn: accepted", problem);
            }
        }
    }

    private void checkRevocation(List<X509Certificate> path) throws CertificateException {
        if (crls.isEmpty()) {
            return;
        }
        // The anchor is trusted as configured; every certificate below it is checked with its issuer's CRL.
        for (int i = 0; i + 1 < path.size(); i++) {
            X509Certificate cert = path.get(i);
            X509Certificate issuer = path.get(i + 1);
            for (X509CRL crl : crls) {
                if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
                    continue;
                }
                try {
                    known.verify(crl, issuer.getPublicKey());
                } catch (GeneralSecurityException e) {
                    Logger.warn("CRL of {} does not verify with the key of {}: ignored", crl.getIssuerX500Principal(),
                            subject(issuer));
                    continue;
                }
                X509CRLEntry entry = crl.getRevokedCertificate(cert);
                if (entry != null) {
                    throw new CertificateException("certificate " + subject(cert) + " (serial "
                            + CertificateText.serial(cert.getSerialNumber()) + ") is revoked since "
                            + DAY.format(entry.getRevocationDate().toInstant()) + " by the CRL of "
                            + CertificateText.dn(crl.getIssuerX500Principal()));
                }
            }
        }
    }

    static String subject(X509Certificate cert) {
        return CertificateText.subject(cert);
    }

    private static List<String> names(List<X509Certificate> certs) {
        List<String> names = new ArrayList<>();
        for (X509Certificate cert : certs) {
            names.add(subject(cert));
        }
        return Collections.unmodifiableList(names);
    }
}
