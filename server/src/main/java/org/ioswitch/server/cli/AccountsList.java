package org.ioswitch.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code server accounts list}: one line per account, never the hash. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts (all networks unless --network).")
final class AccountsList implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DirOption dir;

    @Option(names = "--network", paramLabel = "N", description = "Only this network.")
    String network;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-16s %-20s %-6s %-28s %s%n", "NETWORK", "NAME", "KIND", "READ", "WRITE");
        for (Account a : AccountStore.open(dir.dir).list()) {
            if (network == null || network.equals(a.network())) {
                out.printf("%-16s %-20s %-6s %-28s %s%n", a.network(), a.name(), a.kind().label(),
                        String.join(",", a.rules().read()), String.join(",", a.rules().write()));
            }
        }
        out.flush();
        return 0;
    }
}
