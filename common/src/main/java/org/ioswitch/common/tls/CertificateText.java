package org.ioswitch.common.tls;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * How every log line, refusal and tool prints a certificate: one DN order, serials and fingerprints as openssl prints
 * them, so an operator can grep the same text in our logs and in {@code openssl x509 -noout -subject -serial
 * -fingerprint -sha256}.
 */
public final class CertificateText {
    /** {@code emailAddress} and {@code serialNumber} are printed by name, not as {@code 1.2.840...=#16...}. */
    private static final Map<String, String> NAMED_OIDS = Map.of(
            "1.2.840.113549.1.9.1", "emailAddress",
            "2.5.4.5", "serialNumber");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private CertificateText() {
    }

    /**
     * A distinguished name in RFC 2253 order (most significant last: {@code CN=myserver,O=pekkahome}), the order Java
     * and our logs have always used, with {@code emailAddress} and {@code serialNumber} spelled out.
     */
    public static String dn(X500Principal name) {
        return name.getName(X500Principal.RFC2253, NAMED_OIDS);
    }

    /** The subject of {@code cert}, see {@link #dn(X500Principal)}. */
    public static String subject(X509Certificate cert) {
        return dn(cert.getSubjectX500Principal());
    }

    /** The issuer of {@code cert}, see {@link #dn(X500Principal)}. */
    public static String issuer(X509Certificate cert) {
        return dn(cert.getIssuerX500Principal());
    }

    /** A serial number as {@code openssl x509 -serial} prints it: upper-case hex, an even number of digits. */
    public static String serial(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** The SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it: {@code AB:CD:...}. */
    public static String sha256(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + subject(cert), e);
        }
    }

    /** {@code subject (SHA-256 AB:CD:...)}: how a refusal names the certificate it refused. */
    public static String named(X509Certificate cert) {
        return subject(cert) + " (SHA-256 " + sha256(cert) + ")";
    }

    /** A date as the refusals print it: {@code 2026-01-31}. */
    public static String day(Instant instant) {
        return DAY.format(instant);
    }

    /** Whole days from {@code now} until {@code cert} expires; negative once it has. */
    public static long daysLeft(X509Certificate cert, Instant now) {
        return Math.floorDiv(Duration.between(now, cert.getNotAfter().toInstant()).toHours(), 24);
    }

    /**
     * {@code expires 2027-01-31 (364 days left)} or {@code expired on 2026-01-31}: the remaining validity that status
     * commands print and the expiry warning logs.
     */
    public static String validity(X509Certificate cert, Instant now) {
        Instant notAfter = cert.getNotAfter().toInstant();
        if (!now.isBefore(notAfter)) {
            return "expired on " + day(notAfter);
        }
        long days = daysLeft(cert, now);
        return "expires " + day(notAfter) + " (" + days + (days == 1 ? " day" : " days") + " left)";
    }
}
