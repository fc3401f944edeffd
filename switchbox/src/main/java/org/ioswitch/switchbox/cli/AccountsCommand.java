package org.ioswitch.switchbox.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.IssuedFiles;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.OrgDirectory;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.auth.PasswordInput;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.switchbox.account.Accounts;
import org.ioswitch.switchbox.account.PublisherAccount;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchbox accounts add NAME --networks a,b [--password-file F | --certificate-name CN] --dir D}: by default
 * the account logs in with a client certificate issued here from the cloud organization (CN = NAME).
 */
@Command(name = "accounts", mixinStandardHelpOptions = true, description = "Manage publisher accounts.",
        subcommands = AccountsCommand.Add.class)
final class AccountsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (add)");
    }

    /** Adds or replaces an account; a running switchbox picks the change up. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or replace a publisher account.")
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "PublisherAccount name (sent by the uplink in AUTH).")
        String name;

        @Option(names = "--networks", required = true, split = ",", description = "Networks it may publish.")
        List<String> networks;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Credential credential;

        @Option(names = "--dir", required = true, description = "Switchbox directory (holds accounts.json).")
        Path dir;

        static final class Credential {
            @Option(names = "--password", description = "Log in with a password instead of a certificate; stored "
                    + "only as a PBKDF2-HMAC-SHA256 hash (other users of this machine can read it in the process "
                    + "list: prefer --password-file).")
            String password;

            @Option(names = "--password-file", description = "Log in with the password on this file's first line "
                    + "instead of a certificate.")
            Path passwordFile;

            @Option(names = "--certificate-name", description = "Name field (CN) of the uplink's client"
                    + " certificate, issued by the cloud org elsewhere (default: issue clients/NAME.crt and .key"
                    + " now, CN=NAME).")
            String certificateName;
        }

        @Override
        public Integer call() {
            try {
                String certificateName = credential == null ? null : credential.certificateName;
                PasswordHash hash = null;
                if (credential != null && (credential.password != null || credential.passwordFile != null)) {
                    char[] pw = new PasswordInput(java.util.Map.of(), () -> null).read(new PasswordInput.Sources(
                            "--password", credential.password, "--password-file", credential.passwordFile,
                            PasswordInput.ENV, "password"), spec.commandLine().getErr());
                    hash = PasswordHash.create(pw);
                } else if (certificateName == null) {
                    // The default: a client certificate from the cloud organization, named like the account.
                    certificateName = name;
                    issueCertificate();
                }
                Accounts accounts = Accounts.load(dir.resolve("accounts.json"));
                accounts.put(new PublisherAccount(name, hash, certificateName, networks));
                spec.commandLine().getOut().println("account " + name + " may publish " + String.join(", ", networks));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (ConfigException | IOException | IllegalArgumentException | CertsException e) {
                return SwitchboxCommand.fail(spec, e.getMessage());
            }
        }

        /**
         * Issues {@code clients/NAME.crt} and {@code clients/NAME.key} (owner-only) from the cloud organization whose
         * root key {@code switchbox init} left in the directory: the uplink's credential, never sent anywhere.
         */
        private void issueCertificate() throws IOException, CertsException {
            List<Path> keys;
            try (var files = Files.list(dir)) {
                keys = files.filter(f -> f.getFileName().toString().endsWith("-root.key")).toList();
            }
            if (keys.size() != 1) {
                throw new IllegalArgumentException(dir + ": expected one ORG-root.key from 'switchbox init' to issue "
                        + "the uplink's client certificate, found " + keys.size() + "; give --certificate-name CN "
                        + "(a certificate your cloud organization issued elsewhere) or --password-file F");
            }
            String base = keys.get(0).getFileName().toString();
            String org = base.substring(0, base.length() - "-root.key".length());
            OrgCa ca = new OrgDirectory(dir, org).load(null);
            IssuedFiles files = IssuedFiles.of(dir.resolve("clients"), name).write(ca.issue(CertSpec.client(name).build()),
                    null);
            spec.commandLine().getOut().println("client certificate for the uplink of " + name + ": "
                    + files.certificate() + " and " + files.privateKey() + " (copy both to the home server: uplink.tls.certificate and uplink.tls.privateKey; "
                    + "CN=" + name + ")");
        }
    }
}
