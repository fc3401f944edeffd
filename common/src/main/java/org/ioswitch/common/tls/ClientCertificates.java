package org.ioswitch.common.tls;

/** Whether a listener asks its clients for a certificate (PVA {@code client_cert}, FairCom VERIFY_CLIENT_CERTIFICATE). */
public enum ClientCertificates {
    /** No certificate is requested. */
    NONE,
    /** A certificate is requested; a client without one still connects, a client with a bad one is refused. */
    OPTIONAL,
    /** A verified client certificate is required. */
    REQUIRE
}
