package org.ioswitch.server.cli;

import java.nio.file.Path;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.server.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code server accounts}: add, remove, list accounts and change passwords; a running server applies them. */
@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = "Manage the accounts in DIR/accounts.json; a running server applies changes at the next login.",
        subcommands = {AccountsAdd.class, AccountsRemove.class, AccountsList.class, AccountsPasswd.class})
final class AccountsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: add, remove, list, passwd");
    }

    /** The network given, or the one of the directory's config.json. */
    static String network(String given, Path dir) throws ConfigException {
        return given != null ? given : ServerConfig.network(dir);
    }
}
