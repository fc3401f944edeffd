package org.ioswitch.certs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.ioswitch.certs.inspect.Inspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certs inspect FILE}: shows what a certificate, chain, CRL, CSR or PKCS#12 file holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Show subject, issuer, SAN, validity, key and SHA-256 fingerprint; a CRL's revoked serials.")
final class InspectCommand extends CertsSubcommand {
    @Parameters(paramLabel = "FILE", description = "PEM certificate/chain, CRL, CSR, or PKCS#12 file.")
    Path file;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password of a PKCS#12 file.")
    String password;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the password.")
    Path passwordFile;

    @Override
    void run(PrintWriter out) throws Exception {
        out.print(new Inspector().describe(file, password(password, passwordFile, "--password", "--password-file")));
    }
}
