package org.ioswitch.common.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Host name and IP checks against a server certificate: SAN first, CN only when there is no SAN. */
final class HostNames {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostNames() {
    }

    static void check(X509Certificate leaf, String host) throws CertificateException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ip = isIpLiteral(name);
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        Collection<List<?>> sans;
        try {
            sans = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateException("cannot read subject alternative names of " + ChainVerifier.subject(leaf), e);
        }
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                if (type == SAN_DNS) {
                    dns.add((String) san.get(1));
                } else if (type == SAN_IP) {
                    ips.add((String) san.get(1));
                }
            }
        }
        if (dns.isEmpty() && ips.isEmpty()) {
            String cn = Subjects.field(leaf.getSubjectX500Principal(), "2.5.4.3").orElse(null);
            if (cn != null && (ip ? sameIp(name, cn) : dnsMatches(name, cn))) {
                return;
            }
            throw new CertificateException("host name \"" + host + "\" does not match the server certificate "
                    + ChainVerifier.subject(leaf) + ": it has no SANs and its CN is " + cn);
        }
        if (ip ? ips.stream().anyMatch(a -> sameIp(name, a)) : dns.stream().anyMatch(d -> dnsMatches(name, d))) {
            return;
        }
        List<String> found = new ArrayList<>();
        dns.forEach(d -> found.add("DNS:" + d));
        ips.forEach(a -> found.add("IP:" + a));
        throw new CertificateException("host name \"" + host + "\" does not match the server certificate "
                + ChainVerifier.subject(leaf) + ", SANs found: " + found);
    }

    static boolean isIpLiteral(String name) {
        return IPV4.matcher(name).matches() || name.indexOf(':') >= 0;
    }

    private static boolean sameIp(String literal, String other) {
        if (!isIpLiteral(other)) {
            return false;
        }
        try {
            // Both are literals, so no name lookup happens.
            return InetAddress.getByName(literal).equals(InetAddress.getByName(other));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean dnsMatches(String host, String pattern) {
        String h = trimDot(host.toLowerCase(Locale.ROOT));
        String p = trimDot(pattern.toLowerCase(Locale.ROOT));
        if (p.startsWith("*.")) {
            // A wildcard stands for exactly one leftmost label.
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot + 1).equals(p.substring(2));
        }
        return h.equals(p);
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
