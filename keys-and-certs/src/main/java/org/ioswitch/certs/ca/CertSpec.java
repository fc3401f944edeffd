package org.ioswitch.certs.ca;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to put in an end-entity certificate: the common name (host or account name), its usage, SAN entries, validity
 * and key kind. Defaults: two years, EC P-256.
 */
public record CertSpec(String commonName, Usage usage, List<String> dnsNames, List<String> ipAddresses,
                       Validity validity, KeyKind keyKind) {

    /** Leaf certificates live two years unless told otherwise. */
    public static final long DEFAULT_LEAF_DAYS = 730;

    public CertSpec {
        Objects.requireNonNull(commonName, "commonName");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("commonName must not be blank");
        }
        Objects.requireNonNull(usage, "usage");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        for (String ip : ipAddresses) {
            if (!org.bouncycastle.util.IPAddress.isValid(ip)) {
                throw new IllegalArgumentException("IP SAN entry '" + ip + "' is not an IPv4 or IPv6 address");
            }
        }
        for (String d : dnsNames) {
            if (d.isBlank() || d.contains(" ")) {
                throw new IllegalArgumentException("DNS SAN entry '" + d + "' is not a host name");
            }
        }
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(keyKind, "keyKind");
    }

    /** A server certificate spec; add SAN names with the builder. */
    public static Builder server(String commonName) {
        return new Builder(commonName, Usage.SERVER);
    }

    /** A client certificate spec whose CN is the account name. */
    public static Builder client(String commonName) {
        return new Builder(commonName, Usage.CLIENT);
    }

    /** A builder for the same spec with changes. */
    public Builder toBuilder() {
        Builder b = new Builder(commonName, usage);
        b.dns.addAll(dnsNames);
        b.ips.addAll(ipAddresses);
        b.validity = validity;
        b.keyKind = keyKind;
        return b;
    }

    /** Builds a {@link CertSpec}. */
    public static final class Builder {
        private final String commonName;
        private Usage usage;
        private final List<String> dns = new ArrayList<>();
        private final List<String> ips = new ArrayList<>();
        private Validity validity;
        private KeyKind keyKind = KeyKind.EC_P256;

        private Builder(String commonName, Usage usage) {
            this.commonName = commonName;
            this.usage = usage;
        }

        /** Adds DNS SAN entries. */
        public Builder dns(String... names) {
            dns.addAll(List.of(names));
            return this;
        }

        /** Adds DNS SAN entries. */
        public Builder dns(List<String> names) {
            dns.addAll(names);
            return this;
        }

        /** Adds IP SAN entries (IPv4 or IPv6 literals). */
        public Builder ip(String... addresses) {
            ips.addAll(List.of(addresses));
            return this;
        }

        /** Adds IP SAN entries (IPv4 or IPv6 literals). */
        public Builder ip(List<String> addresses) {
            ips.addAll(addresses);
            return this;
        }

        /** Sets the usage (server, client or both). */
        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        /** Sets the validity window. */
        public Builder validity(Validity validity) {
            this.validity = validity;
            return this;
        }

        /** Sets the key kind. */
        public Builder keyKind(KeyKind keyKind) {
            this.keyKind = keyKind;
            return this;
        }

        /** Builds the spec. */
        public CertSpec build() {
            return new CertSpec(commonName, usage, dns, ips,
                    validity != null ? validity : Validity.days(DEFAULT_LEAF_DAYS), keyKind);
        }
    }
}
