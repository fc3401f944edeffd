package org.ioswitch.server.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.account.BlockRules;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code server accounts add NAME}. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Add an account.")
final class AccountsAdd implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DirOption dir;

    @Parameters(index = "0", paramLabel = "NAME", description = "Account name: a device's name (gina3) or a user.")
    String name;

    @Option(names = "--network", paramLabel = "N", description = "The network (default: the one in config.json).")
    String network;

    static final class Kind {
        @Option(names = "--device", required = true, description = "A device account.")
        boolean device;
        @Option(names = "--user", required = true, description = "An operator account.")
        boolean user;
        @Option(names = "--admin", required = true, description = "An administrator account.")
        boolean admin;

        AccountKind kind() {
            return device ? AccountKind.DEVICE : user ? AccountKind.USER : AccountKind.ADMIN;
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PasswordOptions password;

    @Option(names = "--certificate-only",
            description = "No password: the account logs in only with a verified client certificate whose "
                    + "clientNameField (CN by default) is NAME (x509 login).")
    boolean certificateOnly;

    @Option(names = "--read", paramLabel = "PATTERN", split = ",",
            description = "Blocks it may read, DEVICE.BLOCK with * ? and %%u (default by kind: device %%u.imp,%%u.conf; "
                    + "user and admin *.*).")
    List<String> read;

    @Option(names = "--write", paramLabel = "PATTERN", split = ",",
            description = "Blocks it may write (default by kind: device %%u.exp,%%u.info,%%u.conf; user *.imp; admin *.*).")
    List<String> write;

    @Option(names = "--read-only", description = "No write right at all (same as an empty --write).")
    boolean readOnly;

    @Override
    public Integer call() throws Exception {
        if (certificateOnly && password != null) {
            throw new ParameterException(spec.commandLine(), "give --certificate-only or a password, not both");
        }
        String net = AccountsCommand.network(network, dir.dir);
        AccountKind k = kind.kind();
        BlockRules defaults = BlockRules.defaultsFor(k);
        BlockRules rules = new BlockRules(read != null ? read : defaults.read(),
                readOnly ? List.of() : write != null ? write : defaults.write());
        Account account = (certificateOnly ? Account.certificateOnly(net, name, k)
                : Account.create(net, name, k, PasswordOptions.read(password, spec.commandLine().getErr(),
                        "password of " + name))).withRules(rules);
        AccountStore.open(dir.dir).add(account);
        spec.commandLine().getOut().println("added " + k.label() + " account " + account.qualifiedName()
                + (certificateOnly ? ", client certificate login only" : "")
                + " (read " + rules.read() + ", write " + rules.write() + ")");
        return 0;
    }
}
