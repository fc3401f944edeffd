package org.ioswitch.server.cli;

import java.util.concurrent.Callable;
import org.ioswitch.server.account.AccountStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code server accounts passwd NAME}. */
@Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set an account's password.")
final class AccountsPasswd implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DirOption dir;

    @Parameters(index = "0", paramLabel = "NAME", description = "The account name.")
    String name;

    @Option(names = "--network", paramLabel = "N", description = "The network (default: the one in config.json).")
    String network;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PasswordOptions password;

    @Override
    public Integer call() throws Exception {
        String net = AccountsCommand.network(network, dir.dir);
        char[] pw = PasswordOptions.read(password, spec.commandLine().getErr(), "new password of " + name);
        AccountStore.open(dir.dir).update(net, name, a -> a.withPassword(pw));
        spec.commandLine().getOut().println("changed the password of " + name + "." + net);
        return 0;
    }
}
