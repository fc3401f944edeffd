package org.ioswitch.common.tls;

/** What an expired or not-yet-valid certificate does; signatures and chains are verified under every policy. */
public enum ExpiryPolicy {
    /** Validity dates are ignored. */
    OFF,
    /** Validity dates are checked and a violation is logged, but the certificate is accepted (field devices). */
    WARN,
    /** An expired or not-yet-valid certificate is refused. */
    ENFORCE
}
