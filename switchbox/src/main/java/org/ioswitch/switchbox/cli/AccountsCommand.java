package org.ioswitch.switchbox.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.auth.PasswordInput;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.switchbox.account.Account;
import org.ioswitch.switchbox.account.Accounts;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchbox accounts add NAME --networks a,b (--password P | --certificate-name CN) --dir D}. */
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

        @Parameters(index = "0", description = "Account name (sent by the uplink in AUTH).")
        String name;

        @Option(names = "--networks", required = true, split = ",", description = "Networks it may publish.")
        List<String> networks;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Credential credential;

        @Option(names = "--dir", required = true, description = "Switchbox directory (holds accounts.json).")
        Path dir;

        static final class Credential {
            @Option(names = "--password", description = "Password; stored only as a PBKDF2-HMAC-SHA256 hash (other "
                    + "users of this machine can read it in the process list: prefer --password-file or "
                    + PasswordInput.ENV + ").")
            String password;

            @Option(names = "--password-file", description = "A file whose first line is the password.")
            Path passwordFile;

            @Option(names = "--certificate-name", description = "Name field (CN) of the uplink's client"
                    + " certificate, issued by the cloud org.")
            String certificateName;
        }

        @Override
        public Integer call() {
            try {
                String certificateName = credential == null ? null : credential.certificateName;
                PasswordHash hash = null;
                if (certificateName == null) {
                    PasswordInput.Sources sources = new PasswordInput.Sources("--password",
                            credential == null ? null : credential.password, "--password-file",
                            credential == null ? null : credential.passwordFile, PasswordInput.ENV,
                            "password of publisher account " + name);
                    char[] pw = new PasswordInput().read(sources, spec.commandLine().getErr());
                    if (pw == null) {
                        throw new IllegalArgumentException(PasswordInput.missing(sources)
                                + "; or give --certificate-name");
                    }
                    hash = PasswordHash.create(pw);
                }
                Accounts accounts = Accounts.load(dir.resolve("accounts.json"));
                accounts.put(new Account(name, hash, certificateName, networks));
                spec.commandLine().getOut().println("account " + name + " may publish " + String.join(", ", networks));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (ConfigException | IOException | IllegalArgumentException e) {
                return SwitchboxCommand.fail(spec, e.getMessage());
            }
        }
    }
}
