package org.ioswitch.certs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.Usage;
import org.ioswitch.certs.ca.Validity;
import org.ioswitch.certs.pem.PemFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certs sign CSR ...}: signs a request (ours or {@code openssl req}'s) with the org CA. */
@Command(name = "sign", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Sign a CSR with the org CA; writes the chain (leaf + root) to --out.")
final class SignCommand extends CertsSubcommand {
    @Parameters(paramLabel = "CSR", description = "The certificate signing request (PEM).")
    Path csr;

    @Mixin
    OrgOptions org;

    @ArgGroup(exclusive = true)
    UsageChoice usage = new UsageChoice();

    static final class UsageChoice {
        @Option(names = "--server", description = "Issue a server certificate (serverAuth); the default.")
        boolean server;

        @Option(names = "--client", description = "Issue a client certificate (clientAuth).")
        boolean client;
    }

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CertSpec.DEFAULT_LEAF_DAYS,
            description = "Validity in days.")
    long days;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the certificate chain.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing --out file.")
    boolean force;

    @Override
    void run(PrintWriter stdout) throws Exception {
        requirePositive(spec.commandLine(), "--days", days);
        char[] caPw = password(org.password, org.passwordFile, "--org-password", "--org-password-file");
        refuseOverwrite(force, out);
        var request = PemFiles.readCsr(csr);
        OrgCa ca = org.directory().load(caPw);
        Usage u = usage != null && usage.client ? Usage.CLIENT : Usage.SERVER;
        X509Certificate cert;
        try {
            cert = ca.sign(request, u, Validity.days(days));
        } catch (org.ioswitch.certs.CertsException e) {
            throw new org.ioswitch.certs.CertsException(csr + ": " + e.getMessage(), e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(ca.chain());
        PemFiles.writeCertificates(out, chain);
        stdout.println("wrote " + out + " (" + u.name().toLowerCase() + " certificate for "
                + cert.getSubjectX500Principal().getName() + ")");
    }
}
