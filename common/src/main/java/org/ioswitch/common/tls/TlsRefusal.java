package org.ioswitch.common.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate refused by one of the trust rules. Its message is the one line every refusal logs (DESIGN §5): the
 * reason, the rule, the certificate's subject and SHA-256 fingerprint, and the setting that changes the outcome:
 * {@code certificate O=pekkahome,CN=hub expired 2026-01-31, expiry=enforce [rule expiry; certificate
 * O=pekkahome,CN=hub SHA-256 AB:…; setting tls.expiry]}.
 */
public final class TlsRefusal extends CertificateException {
    private static final long serialVersionUID = 1L;

    /** The rule that refused, with the setting (config key, and option) that changes it. */
    public enum Rule {
        /** The chain does not lead to a trusted root, or a CA in it may not sign. */
        TRUST("trust", "tls.trusted (--trusted)"),
        /** The certificate is not for this use (extended key usage). */
        PURPOSE("purpose", "the certificate's extendedKeyUsage (reissue it for serverAuth/clientAuth)"),
        /** Expired or not yet valid, under {@code expiry=enforce}. */
        EXPIRY("expiry", "tls.expiry (--expiry)"),
        /** Listed in the CRL. */
        REVOCATION("revocation", "tls.crl (--crl)"),
        /** The dialed name or IP is not in the certificate's SANs. */
        HOST_NAME("host name", "tls.verifyHostname (--no-verify-hostname), or dial a name in the SANs"),
        /** A listener requires a client certificate and got none. */
        CLIENT_CERTIFICATE("client certificate", "tls.requiredLevel / tls.clientCertificates");

        private final String label;
        private final String setting;

        Rule(String label, String setting) {
            this.label = label;
            this.setting = setting;
        }

        /** How the refusal line names the rule, e.g. {@code host name}. */
        public String label() {
            return label;
        }

        /** The config key (and option) that changes the outcome, e.g. {@code tls.crl (--crl)}. */
        public String setting() {
            return setting;
        }
    }

    private final Rule rule;
    private final String reason;
    private final transient X509Certificate certificate;

    /**
     * A refusal of {@code certificate} (the peer's leaf, or null when there was none) by {@code rule}.
     *
     * @param reason the rule's own text, e.g. {@code host name "x" does not match ...}
     */
    public TlsRefusal(Rule rule, X509Certificate certificate, String reason, Throwable cause) {
        super(line(rule, certificate, reason), cause);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.reason = reason;
        this.certificate = certificate;
    }

    /** The rule that refused. */
    public Rule rule() {
        return rule;
    }

    /** The rule's own text without the certificate and setting. */
    public String reason() {
        return reason;
    }

    /** The refused certificate (the peer's leaf), or null when none was presented. */
    public X509Certificate certificate() {
        return certificate;
    }

    private static String line(Rule rule, X509Certificate certificate, String reason) {
        return reason + " [rule " + rule.label + "; "
                + (certificate == null ? "no certificate" : "certificate " + CertificateText.subject(certificate)
                        + " SHA-256 " + CertificateText.sha256(certificate))
                + "; setting " + rule.setting + "]";
    }
}
