package org.ioswitch.certs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.IssuedFiles;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.Usage;
import org.ioswitch.certs.ca.Validity;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Issues a new key and certificate from the org CA; {@link ServerCommand} and {@link ClientCommand} set the usage. */
abstract class IssueCommand extends CertsSubcommand {
    @Parameters(paramLabel = "NAME", description = "Common name: host name for a server, account name for a client.")
    String name;

    @Mixin
    NewKeyOptions newKey;

    @Mixin
    OrgOptions org;

    @Option(names = "--dir", required = true, paramLabel = "OUT", description = "Where to write NAME.crt and NAME.key.")
    Path outDir;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CertSpec.DEFAULT_LEAF_DAYS,
            description = "Validity in days.")
    long days;

    @Option(names = "--force", description = "Overwrite existing NAME.crt and NAME.key.")
    boolean force;

    abstract Usage usage();

    @Override
    void run(PrintWriter out) throws Exception {
        requirePositive(spec.commandLine(), "--days", days);
        char[] caPw = password(org.password, org.passwordFile, "--org-password", "--org-password-file");
        char[] keyPw = password(newKey.keyPassword, newKey.keyPasswordFile, "--key-password", "--key-password-file");
        CertSpec certSpec = CertSpec.server(name).usage(usage()).dns(newKey.dns).ip(newKey.ips).validity(Validity.days(days))
                .keyKind(keyKind(newKey.rsa)).build();
        IssuedFiles files = IssuedFiles.of(outDir, name);
        refuseOverwrite(force, files.certificate(), files.privateKey());
        OrgCa ca = org.directory().load(caPw);
        Issued issued = ca.issue(certSpec);
        files.write(issued, keyPw);
        out.println("wrote " + files.certificate() + " (" + usage().name().toLowerCase() + " certificate, chain of "
                + issued.chain().size() + ")");
        out.println("wrote " + files.privateKey() + (keyPw != null ? " (encrypted)" : ""));
    }
}
