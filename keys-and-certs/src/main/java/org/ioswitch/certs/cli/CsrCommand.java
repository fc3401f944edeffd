package org.ioswitch.certs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import org.ioswitch.certs.ca.Csrs;
import org.ioswitch.certs.pem.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certs csr NAME --dir OUT}: a key that stays here and a request for the CA to sign. */
@Command(name = "csr", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Create OUT/NAME.key (stays here) and OUT/NAME.csr (send to the CA for 'certs sign').")
final class CsrCommand extends CertsSubcommand {
    @Parameters(paramLabel = "NAME", description = "Common name requested (host or account name).")
    String name;

    @Mixin
    NewKeyOptions newKey;

    @Option(names = "--dir", required = true, paramLabel = "OUT", description = "Where to write NAME.key and NAME.csr.")
    Path outDir;

    @Option(names = "--force", description = "Overwrite existing NAME.key and NAME.csr.")
    boolean force;

    @Override
    void run(PrintWriter out) throws Exception {
        char[] keyPw = password(newKey.keyPassword, newKey.keyPasswordFile, "--key-password", "--key-password-file");
        // CertSpec checks the SAN entries the same way for a CSR as for an issued certificate.
        org.ioswitch.certs.ca.CertSpec.server(name).dns(newKey.dns).ip(newKey.ips).build();
        Path key = outDir.resolve(name + ".key");
        Path csr = outDir.resolve(name + ".csr");
        refuseOverwrite(force, key, csr);
        KeyPair keys = keyKind(newKey.rsa).generate();
        PemFiles.writePrivateKey(key, keys.getPrivate(), keyPw);
        PemFiles.writeCsr(csr, Csrs.create(keys, name, newKey.dns, newKey.ips));
        out.println("wrote " + key + (keyPw != null ? " (encrypted)" : ""));
        out.println("wrote " + csr);
    }
}
