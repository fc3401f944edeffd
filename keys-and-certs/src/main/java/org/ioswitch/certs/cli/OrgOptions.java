package org.ioswitch.certs.cli;

import java.nio.file.Path;
import org.ioswitch.certs.ca.OrgDirectory;
import picocli.CommandLine.Option;

/** Options that name the signing organization: its directory, name and the root key's password. */
final class OrgOptions {
    @Option(names = "--org-dir", required = true, paramLabel = "DIR",
            description = "Directory holding ORG-root.crt and ORG-root.key.")
    Path dir;

    @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization name.")
    String org;

    @Option(names = "--org-password", paramLabel = "PASSWORD",
            description = "Password of the encrypted root key (default: key is not encrypted).")
    String password;

    @Option(names = "--org-password-file", paramLabel = "FILE",
            description = "File whose first line is the root key's password.")
    Path passwordFile;

    OrgDirectory directory() {
        return new OrgDirectory(dir, org);
    }
}
