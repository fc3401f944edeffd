package org.ioswitch.device.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ioswitch.common.clock.ClockFloor;
import org.ioswitch.common.terminal.Terminal;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.device.connect.Switchbox;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.common.auth.PasswordInput;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of every operator command: where the server is (directly, or through a switchbox), who the user is, and
 * the TLS options.
 */
final class OperatorMixin {
    /** Where the home server is when neither --server nor --switchbox is given. */
    static final String DEFAULT_SERVER = "127.0.0.1:6369";

    @Option(names = "--server", paramLabel = "HOST:PORT",
            description = "the home server (default: " + DEFAULT_SERVER + " unless --switchbox is given)")
    String server;

    @Option(names = "--user", paramLabel = "NAME", required = true, description = "account name")
    String user;

    @Option(names = "--password", paramLabel = "P", description = "the account's password (other users of this "
            + "machine can read it in the process list: prefer --password-file or " + PasswordInput.ENV + ")")
    String password;

    @Option(names = "--password-file", paramLabel = "F", description = "file whose first line is the password")
    Path passwordFile;

    @Option(names = "--network", paramLabel = "NAME",
            description = "the IO network (default: the network of the DEVICE argument, else the one the server serves)")
    String network;

    @Mixin
    TlsMixin tls;

    /** The command this mixin is part of, for its stderr (the warning about --password). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Mixin
    SwitchboxMixin switchbox;

    /** Connects as the user to the network of {@code device} (or --network). */
    OperatorClient connect(String device) throws IOException, TlsSetupException {
        return connect(device, false);
    }

    /** Connects as the user to the network of {@code device} (or --network), reconnecting after drops if asked. */
    OperatorClient connect(String device, boolean reconnect) throws IOException, TlsSetupException {
        String net = network;
        if (net == null && device != null && device.indexOf('.') > 0) {
            net = device.substring(device.indexOf('.') + 1);
        }
        PasswordInput.Sources sources = new PasswordInput.Sources("--password", password, "--password-file",
                passwordFile, PasswordInput.ENV, "password of " + user);
        // With a client certificate and no password given anywhere, the certificate is the credential: no prompt.
        boolean certificate = tls.certificate != null || tls.keychain != null;
        char[] typed = new PasswordInput(System.getenv(), certificate ? () -> null : Terminal::attached)
                .read(sources, mixee.commandLine().getErr());
        String pw = typed == null ? null : new String(typed);
        // No state directory here: the floor is the build time (a board whose clock says 1970 can still look).
        ClockFloor floor = ClockFloor.buildTimeOnly();
        TlsOptions options = tls.toOptions(TlsOptions.builder().clockFloor(floor));
        Switchbox box = switchbox.resolve(null, Path.of("").toAbsolutePath(), TlsOptions.builder().clockFloor(floor),
                "command line");
        if (net == null && box != null) {
            throw new IllegalArgumentException("give --network NAME: a switchbox routes by network");
        }
        if (net == null) {
            net = OperatorOptions.SERVED_NETWORK; // the server fills in the one network it serves
        }
        OperatorOptions.Builder b = OperatorOptions.builder().network(net).user(user).password(pw).tls(options)
                .viaSwitchbox(box).reconnect(reconnect);
        if (server != null || box == null) {
            b.server(server != null ? server : DEFAULT_SERVER);
        }
        return OperatorClient.connect(b.build());
    }
}
