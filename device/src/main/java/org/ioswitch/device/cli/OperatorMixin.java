package org.ioswitch.device.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ioswitch.common.clock.ClockFloor;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.device.connect.Switchbox;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Option(names = "--password", paramLabel = "P", description = "the account's password")
    String password;

    @Option(names = "--password-file", paramLabel = "F", description = "file whose first line is the password")
    Path passwordFile;

    @Option(names = "--network", paramLabel = "NAME",
            description = "the IO network (default: the network of the DEVICE argument, else the one the server serves)")
    String network;

    @Mixin
    TlsMixin tls;

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
        String pw = password;
        if (passwordFile != null) {
            if (pw != null) {
                throw new IllegalArgumentException("give --password or --password-file, not both");
            }
            try {
                pw = Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            } catch (IOException e) {
                throw new IOException("--password-file " + passwordFile + ": cannot read: " + e.getMessage(), e);
            }
            if (pw.isEmpty()) {
                throw new IllegalArgumentException("--password-file " + passwordFile + ": file is empty");
            }
        }
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
