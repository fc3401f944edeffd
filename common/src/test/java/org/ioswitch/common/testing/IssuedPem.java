package org.ioswitch.common.testing;

import java.nio.file.Path;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.common.tls.TlsOptions;

/**
 * An issued certificate as written for a test: the PEM chain file, the PEM key file and what was issued.
 *
 * @param certificate the certificate and its chain, PEM
 * @param privateKey the unencrypted private key, PEM
 * @param issued the key and chain themselves
 */
public record IssuedPem(Path certificate, Path privateKey, Issued issued) {
    /** TLS options that present this certificate; trust and levels are left to the caller. */
    public TlsOptions.Builder options() {
        return TlsOptions.builder().certificate(certificate).privateKey(privateKey);
    }
}
