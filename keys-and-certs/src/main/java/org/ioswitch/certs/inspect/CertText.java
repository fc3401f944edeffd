package org.ioswitch.certs.inspect;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** Formats one certificate as indented "name: value" lines. */
final class CertText {
    private CertText() {
    }

    static void describe(X509Certificate c, Instant now, StringBuilder out) throws Exception {
        line(out, "subject", c.getSubjectX500Principal().getName());
        line(out, "issuer", c.getIssuerX500Principal().getName());
        line(out, "serial", serial(c.getSerialNumber()));
        line(out, "SAN", san(c.getSubjectAlternativeNames()));
        Instant from = c.getNotBefore().toInstant();
        Instant to = c.getNotAfter().toInstant();
        String state;
        if (now.isAfter(to)) {
            state = "EXPIRED " + Duration.between(to, now).toDays() + " days ago";
        } else if (now.isBefore(from)) {
            state = "not yet valid (starts in " + Duration.between(now, from).toDays() + " days)";
        } else {
            state = Duration.between(now, to).toDays() + " days left";
        }
        line(out, "valid", from + " .. " + to + " (" + state + ")");
        line(out, "key", keyText(c.getPublicKey()));
        line(out, "usage", usage(c));
        line(out, "SHA-256", HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded())));
    }

    static void line(StringBuilder out, String name, String value) {
        out.append("  ").append(String.format("%-12s", name + ":")).append(value).append('\n');
    }

    static String keyText(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + " bits";
        }
        if (key instanceof ECPublicKey ec) {
            String curve = "unnamed curve";
            var params = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getParameters();
            if (params instanceof ASN1ObjectIdentifier oid && ECNamedCurveTable.getName(oid) != null) {
                curve = ECNamedCurveTable.getName(oid);
            }
            return "EC " + curve + ", " + ec.getParams().getCurve().getField().getFieldSize() + " bits";
        }
        return key.getAlgorithm();
    }

    static String sanOfCsr(PKCS10CertificationRequest csr) {
        List<String> out = new ArrayList<>();
        for (Attribute attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable v : attr.getAttributeValues()) {
                GeneralNames names = GeneralNames.fromExtensions(Extensions.getInstance(v),
                        Extension.subjectAlternativeName);
                if (names != null) {
                    for (GeneralName n : names.getNames()) {
                        out.add(n.toString());
                    }
                }
            }
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static String san(Collection<List<?>> entries) {
        if (entries == null || entries.isEmpty()) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        for (List<?> e : entries) {
            int type = (Integer) e.get(0);
            String prefix = switch (type) {
                case 2 -> "DNS:";
                case 7 -> "IP:";
                case 1 -> "email:";
                case 6 -> "URI:";
                default -> "type" + type + ":";
            };
            out.add(prefix + e.get(1));
        }
        return String.join(", ", out);
    }

    private static String usage(X509Certificate c) throws Exception {
        List<String> out = new ArrayList<>();
        if (c.getBasicConstraints() >= 0) {
            out.add("CA");
        }
        List<String> eku = c.getExtendedKeyUsage();
        if (eku != null) {
            for (String oid : eku) {
                out.add(switch (oid) {
                    case "1.3.6.1.5.5.7.3.1" -> "serverAuth";
                    case "1.3.6.1.5.5.7.3.2" -> "clientAuth";
                    default -> oid;
                });
            }
        }
        return out.isEmpty() ? "unrestricted" : String.join(", ", out);
    }

    /**
     * A serial as {@code openssl x509 -serial} prints it: upper-case hex, an even number of digits. (The same form as
     * {@code org.ioswitch.common.tls.CertificateText.serial} in our logs; this module cannot depend on common.)
     */
    static String serial(java.math.BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(java.util.Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }
}
