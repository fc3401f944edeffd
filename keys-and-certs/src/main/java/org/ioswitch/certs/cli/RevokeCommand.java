package org.ioswitch.certs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import org.ioswitch.certs.ca.OrgDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code certs revoke CERT --org-dir D --org ORG}: adds a certificate to the organization's CRL. */
@Command(name = "revoke", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Revoke a certificate: writes or updates DIR/ORG.crl, keeping earlier entries.")
final class RevokeCommand extends CertsSubcommand {
    @Parameters(paramLabel = "CERT", description = "The certificate to revoke (PEM; the first one in the file).")
    Path cert;

    @Mixin
    OrgOptions org;

    @Override
    void run(PrintWriter out) throws Exception {
        char[] caPw = password(org.password, org.passwordFile, "--org-password", "--org-password-file");
        OrgDirectory dir = org.directory();
        X509CRL crl = dir.revoke(cert, caPw);
        out.println("wrote " + dir.crl() + " (" + crl.getRevokedCertificates().size() + " revoked)");
    }
}
