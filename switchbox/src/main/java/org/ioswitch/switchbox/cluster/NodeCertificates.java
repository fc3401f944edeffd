package org.ioswitch.switchbox.cluster;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.ioswitch.certs.ca.Usage;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsFacts;

/**
 * The rule of the peer port: only a certificate that the cloud organization issued for a switchbox node (its chain is
 * verified by TLS against the cloud root; its subject alternative names carry {@link Usage#SWITCHBOX_NODE_URI}) may speak
 * there. A home server's or device's certificate from the same root lacks the marker and is refused. The node id is
 * the certificate's CN (the peer TLS block's {@code clientNameField}).
 */
final class NodeCertificates {
    private NodeCertificates() {}

    /**
     * The node id of a verified peer leaf.
     *
     * @throws NotANodeException naming the subject and what is missing
     */
    static String nodeId(TlsFacts facts) throws NotANodeException {
        List<X509Certificate> chain = facts.peerChain();
        if (chain.isEmpty() || facts.level() != SecurityLevel.VERIFIED) {
            throw new NotANodeException("no certificate: the peer port requires a switchbox node certificate");
        }
        X509Certificate leaf = chain.get(0);
        if (!hasMarker(leaf)) {
            throw new NotANodeException("certificate " + leaf.getSubjectX500Principal().getName() + " (SHA-256 "
                    + fingerprint(leaf) + ") is not a switchbox node certificate: its subject alternative names lack"
                    + " URI " + Usage.SWITCHBOX_NODE_URI + " (issue one with 'ioswitch certs node')");
        }
        String subject = leaf.getSubjectX500Principal().getName();
        return facts.authenticatedName().orElseThrow(() -> new NotANodeException("node certificate " + subject
                + " has no CN (the node id)"));
    }

    /** True when the certificate carries the switchbox node marker (a SAN URI). */
    static boolean hasMarker(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            return names != null && names.contains(List.of(6, Usage.SWITCHBOX_NODE_URI));
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** Lower-case hex SHA-256 of the certificate's DER encoding. */
    static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + cert.getSubjectX500Principal(), e);
        }
    }

    /** A peer whose certificate is not a switchbox node's. */
    static final class NotANodeException extends Exception {
        private static final long serialVersionUID = 1L;

        NotANodeException(String message) {
            super(message);
        }
    }
}
