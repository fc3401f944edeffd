package org.ioswitch.common.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one TLS connection got.
 *
 * @param protocol e.g. TLSv1.3
 * @param cipherSuite IANA name of the negotiated suite
 * @param level VERIFIED when the peer's chain was verified, otherwise TLS
 * @param peerSubject subject of the peer's leaf certificate, or empty when the peer sent none
 * @param authenticatedName the configured name field of a verified peer certificate (the account name of a client)
 * @param peerChain the peer's certificates, leaf first; empty when the peer sent none
 */
public record TlsFacts(String protocol, String cipherSuite, SecurityLevel level, String peerSubject,
        Optional<String> authenticatedName, List<X509Certificate> peerChain) {

    /** Checks the fields. */
    public TlsFacts {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(peerSubject, "peerSubject");
        Objects.requireNonNull(authenticatedName, "authenticatedName");
        peerChain = List.copyOf(peerChain);
    }

    /** One line for the connection log, e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256 VERIFIED peer=CN=myserver}. */
    public String describe() {
        return protocol + " " + cipherSuite + " " + level + " peer=" + (peerSubject.isEmpty() ? "none" : peerSubject)
                + authenticatedName.map(n -> " name=" + n).orElse("");
    }
}
