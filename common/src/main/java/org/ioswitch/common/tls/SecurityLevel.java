package org.ioswitch.common.tls;

/**
 * What a side requires of its peer (DESIGN §4, D2000 None/TLSNoPeerAuth/TLSPeerAuth), and what a connection got.
 * A client's level is what it requires of the server; a listener's level is what it requires of its clients.
 */
public enum SecurityLevel {
    /** Plain or TLS; the peer is not checked. Whether plain TCP is offered is the caller's decision. */
    NONE,
    /** Encrypted; the peer certificate is not checked. */
    TLS,
    /** Encrypted and the peer certificate chain verified against the configured roots. */
    VERIFIED
}
