package org.ioswitch.device.doctor;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.ioswitch.common.tls.AlertHints;
import org.ioswitch.common.tls.CertificateText;
import org.ioswitch.common.tls.ChainVerifier;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsProbe;
import org.ioswitch.common.tls.TlsRefusal;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.common.tls.TlsOptions;

/**
 * {@code ioswitch doctor HOST:PORT}: explains from the client's side whether a connection with these TLS settings
 * would succeed and, if not, the one reason and the setting that changes it (DESIGN §5). It looks first (a handshake
 * that accepts anything, to show the chain), judges the chain with the same verifier a device uses, and then connects
 * for real with the settings as given. Works against any TLS server: nothing of our protocol is sent.
 */
public final class Doctor {
    /** The findings, one line each, and the verdict: the last line says whether connect would succeed. */
    public record Report(List<String> lines, boolean wouldSucceed) {
        /** Every line, newline-terminated. */
        public String text() {
            return String.join("\n", lines) + "\n";
        }
    }

    /** How long to listen after the handshake for a late refusal (TLS 1.3 client certificates). */
    static final Duration LISTEN = Duration.ofMillis(1500);

    private final String host;
    private final int port;
    private final TlsOptions options;
    private final Duration timeout;
    private final List<String> lines = new ArrayList<>();

    private Doctor(String host, int port, TlsOptions options, Duration timeout) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.options = Objects.requireNonNull(options, "options");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Examines {@code host:port} with {@code options} (the device's TLS settings, clock floor included). */
    public static Report examine(String host, int port, TlsOptions options, Duration timeout) {
        return new Doctor(host, port, options, timeout).run();
    }

    private Report run() {
        lines.add("doctor " + host + ":" + port + ": requiredLevel=" + name(options.requiredLevel()) + ", expiry="
                + name(options.expiry()) + ", verifyHostname=" + options.verifyHostname() + ", trusted="
                + options.trusted() + ", crl=" + (options.crl() == null ? "none" : options.crl()));
        TlsClientContext tls;
        try {
            tls = TlsClientContext.open(options);
        } catch (TlsSetupException e) {
            return verdict(false, "the TLS settings cannot be loaded: " + e.getMessage(),
                    "fix the file or setting it names");
        }
        try (tls) {
            ChainVerifier verifier = tls.verifier();
            Instant now = verifier.now();
            Instant floor = verifier.clockFloor();
            Instant at = floor.isAfter(now) ? floor : now;
            lines.add("clock " + now + ", clock floor " + floor + (floor.isAfter(now)
                    ? ": the clock is behind the floor, validity is checked at the floor" : ""));

            TlsProbe.Seen seen;
            try {
                seen = TlsProbe.look(host, port, options, timeout);
            } catch (IOException e) {
                return verdict(false, e.getMessage(), e.getMessage().startsWith("TCP")
                        ? "check the address and port, that the server runs, and firewalls"
                        : "see the hint above; the server's log names its side of it");
            }
            if (seen.completed()) {
                lines.add("negotiated " + seen.protocol() + " " + seen.cipherSuite());
            } else {
                lines.add("the handshake did not complete: " + seen.failure());
            }
            List<X509Certificate> chain = seen.chain();
            lines.add("chain presented (" + chain.size() + (chain.size() == 1 ? " certificate)" : " certificates)"));
            for (int i = 0; i < chain.size(); i++) {
                describe(i, chain.get(i), now, at);
            }
            TlsRefusal refusal = judge(verifier, chain);
            return connect(tls, refusal);
        }
    }

    private void describe(int index, X509Certificate cert, Instant now, Instant at) {
        lines.add("  " + index + " subject " + CertificateText.subject(cert));
        lines.add("    issuer  " + CertificateText.issuer(cert));
        lines.add("    serial  " + CertificateText.serial(cert.getSerialNumber()));
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        String validity;
        if (at.isBefore(notBefore)) {
            validity = "NOT YET VALID (until " + notBefore + ")";
        } else if (!at.isBefore(notAfter)) {
            validity = "EXPIRED on " + CertificateText.day(notAfter);
        } else {
            validity = "valid, " + CertificateText.daysLeft(cert, at) + " days left";
        }
        String clockOnly = !at.equals(now) && now.isBefore(notBefore) ? "; by the clock alone it is not yet valid" : "";
        lines.add("    valid   " + notBefore + " .. " + notAfter + ": " + validity + clockOnly);
        lines.add("    SHA-256 " + CertificateText.sha256(cert));
    }

    /** Name, trust and CRL, each on its own line; returns what would refuse the server, or null. */
    private TlsRefusal judge(ChainVerifier verifier, List<X509Certificate> chain) {
        X509Certificate leaf = chain.get(0);
        TlsRefusal nameRefusal = null;
        try {
            ChainVerifier.checkHostName(leaf, host);
            lines.add("name " + host + " is in the certificate (SANs " + sans(leaf) + ")");
        } catch (TlsRefusal e) {
            nameRefusal = e;
            lines.add("name " + host + " is NOT in the certificate (SANs " + sans(leaf) + ")"
                    + (options.verifyHostname() ? "" : "; not checked: verifyHostname=false"));
        }
        TlsRefusal chainRefusal = null;
        try {
            verifier.verifyServer(chain, null);
            lines.add("trust: chains to a trusted root of " + options.trusted());
        } catch (TlsRefusal e) {
            chainRefusal = e;
        } catch (CertificateException e) {
            chainRefusal = new TlsRefusal(TlsRefusal.Rule.TRUST, leaf, e.getMessage(), e);
        }
        if (chainRefusal != null && chainRefusal.rule() != TlsRefusal.Rule.REVOCATION) {
            lines.add("trust: REFUSED (" + chainRefusal.rule().label() + "): " + chainRefusal.reason());
        } else if (chainRefusal != null) {
            lines.add("trust: chains to a trusted root of " + options.trusted());
        }
        lines.add("crl: " + crlResult(verifier.crls(), chainRefusal));
        if (options.requiredLevel() != SecurityLevel.VERIFIED) {
            return null; // a tls/none client accepts whatever it saw
        }
        if (chainRefusal != null) {
            return chainRefusal;
        }
        return options.verifyHostname() ? nameRefusal : null;
    }

    private String crlResult(Collection<X509CRL> crls, TlsRefusal refusal) {
        if (crls.isEmpty()) {
            return "none configured (tls.crl, --crl)";
        }
        if (refusal != null && refusal.rule() == TlsRefusal.Rule.REVOCATION) {
            return "REVOKED: " + refusal.reason();
        }
        if (refusal != null) {
            return "not checked, the chain was refused before revocation";
        }
        List<String> issuers = new ArrayList<>();
        for (X509CRL crl : crls) {
            issuers.add(CertificateText.dn(crl.getIssuerX500Principal()) + " (" + (crl.getRevokedCertificates() == null
                    ? 0 : crl.getRevokedCertificates().size()) + " revoked)");
        }
        return "not revoked; CRL of " + String.join(", ", issuers);
    }

    /** Connects with the settings as given: the outcome a device would have. */
    private Report connect(TlsClientContext tls, TlsRefusal expected) {
        try (TlsConnection c = tls.connect(host, port, timeout)) {
            String refusedAfter = listenBriefly(c);
            if (refusedAfter != null) {
                return verdict(false, refusedAfter, "see the hint; the server's log names the rule");
            }
            return verdict(true, "connect would succeed: " + c.facts().protocol() + " " + c.facts().cipherSuite() + " "
                    + c.facts().level(), null);
        } catch (IOException e) {
            if (expected != null) {
                return verdict(false, expected.reason(), "change " + expected.rule().setting());
            }
            return verdict(false, e.getMessage(), "see the hint above; the server's log names its side of it");
        }
    }

    /**
     * In TLS 1.3 a server checks the client's certificate after the client's handshake is done: its refusal arrives as
     * an alert on the first read. A server of ours waits for a hello, so a short silence means it accepted us.
     */
    private static String listenBriefly(TlsConnection c) {
        try {
            c.socket().setSoTimeout((int) LISTEN.toMillis());
            if (c.socket().getInputStream().read() < 0) {
                return "the server closed the connection right after the handshake";
            }
            return null;
        } catch (java.net.SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return AlertHints.received(e, false).orElse("the connection failed right after the handshake: "
                    + e.getMessage());
        }
    }

    private Report verdict(boolean ok, String reason, String fix) {
        lines.add(ok ? reason : "connect would FAIL: " + reason + (fix == null ? "" : "; fix: " + fix));
        return new Report(List.copyOf(lines), ok);
    }

    private static String sans(X509Certificate leaf) {
        List<String> found = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2) {
                        found.add("DNS:" + san.get(1));
                    } else if (type == 7) {
                        found.add("IP:" + san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return "unreadable: " + e.getMessage();
        }
        if (found.isEmpty()) {
            // Without SANs the CN is the name (HostNames' rule); say so rather than print "[]".
            String subject = CertificateText.subject(leaf);
            return "none; the CN counts: " + subject;
        }
        return found.toString();
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
