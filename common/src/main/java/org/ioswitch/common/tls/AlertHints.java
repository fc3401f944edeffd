package org.ioswitch.common.tls;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * What the refused side can learn from a TLS alert: the peer's log has the full reason, this side gets the alert name
 * and a hint at what to check, instead of a bare "handshake failed".
 */
public final class AlertHints {
    private AlertHints() {
    }

    /**
     * When {@code e} is the peer's alert (in TLS 1.3 a client hears that its certificate was refused only on its first
     * read), the alert's name and what to check; empty for any other failure.
     */
    public static java.util.Optional<String> received(Throwable e, boolean weAreServer) {
        short alert = receivedAlert(e);
        return alert < 0 ? java.util.Optional.empty() : java.util.Optional.of(explain(alert, weAreServer));
    }

    /** The alert the peer sent, found in the cause chain of a failed handshake; -1 when there is none. */
    static short receivedAlert(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TlsFatalAlertReceived received) {
                return received.getAlertDescription();
            }
        }
        return -1;
    }

    /**
     * {@code the server refused the handshake with alert certificate_unknown: it does not accept this client's
     * certificate; its log names the reason (check its tls.trusted, tls.crl, expiry)}.
     */
    static String explain(short alert, boolean weAreServer) {
        String peer = weAreServer ? "the client" : "the server";
        String ours = weAreServer ? "this server's certificate" : "this client's certificate";
        String hint;
        switch (alert) {
            case AlertDescription.bad_certificate, AlertDescription.certificate_unknown, AlertDescription.unknown_ca,
                    AlertDescription.certificate_expired, AlertDescription.certificate_revoked,
                    AlertDescription.unsupported_certificate, AlertDescription.access_denied ->
                hint = "it does not accept " + ours + "; its log names the rule (check its tls.trusted, tls.crl, "
                        + "tls.expiry" + (weAreServer ? ", and the name it dialed against this certificate's SANs"
                                : ", clientCertificates") + ")";
            case AlertDescription.certificate_required ->
                hint = "it requires a client certificate: give one (tls.keychain or tls.certificate, --keychain, "
                        + "--certificate)";
            case AlertDescription.handshake_failure, AlertDescription.insufficient_security,
                    AlertDescription.protocol_version ->
                hint = "no protocol or cipher suite in common: compare tls.protocols and tls.cipherSuites on both ends";
            default ->
                hint = "its log names the reason";
        }
        return peer + " refused the handshake with alert " + AlertDescription.getName(alert) + ": " + hint;
    }
}
