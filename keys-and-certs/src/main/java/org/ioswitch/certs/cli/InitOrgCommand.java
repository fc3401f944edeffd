package org.ioswitch.certs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.OrgDirectory;
import org.ioswitch.certs.ca.Validity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certs init-org NAME --dir D}: creates the organization's self-signed root CA. */
@Command(name = "init-org", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Create an organization's root CA: DIR/NAME-root.crt and DIR/NAME-root.key (owner-only).")
final class InitOrgCommand extends CertsSubcommand {
    @Parameters(paramLabel = "NAME", description = "Organization name; the root gets O=NAME.")
    String name;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where to write the root files.")
    Path dir;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "Encrypt the root key (PKCS#8, AES-256) with this password (default: not encrypted).")
    String password;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the password.")
    Path passwordFile;

    @Option(names = "--rsa", paramLabel = "BITS", description = "RSA key of 2048 or 4096 bits instead of EC P-256.")
    Integer rsa;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + OrgCa.DEFAULT_ROOT_DAYS,
            description = "Validity in days.")
    long days;

    @Option(names = "--force", description = "Overwrite an existing root (orphans everything it issued).")
    boolean force;

    @Override
    void run(PrintWriter out) throws Exception {
        requirePositive(spec.commandLine(), "--days", days);
        char[] pw = password(password, passwordFile, "--password", "--password-file");
        OrgDirectory files = new OrgDirectory(dir, name);
        OrgCa ca = OrgCa.create(name, keyKind(rsa), Validity.days(days));
        files.save(ca, pw, force);
        out.println("wrote " + files.rootCertificate());
        out.println("wrote " + files.rootKey() + (pw != null ? " (encrypted)" : " (NOT encrypted)"));
    }
}
