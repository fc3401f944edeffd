package org.ioswitch.server.cli;

import java.util.concurrent.Callable;
import org.ioswitch.server.account.AccountStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code server accounts remove NAME}. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an account.")
final class AccountsRemove implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DirOption dir;

    @Parameters(index = "0", paramLabel = "NAME", description = "The account name.")
    String name;

    @Option(names = "--network", paramLabel = "N", description = "The network (default: the one in config.json).")
    String network;

    @Override
    public Integer call() throws Exception {
        String net = AccountsCommand.network(network, dir.dir);
        AccountStore.open(dir.dir).remove(net, name);
        spec.commandLine().getOut().println("removed account " + name + "." + net);
        return 0;
    }
}
