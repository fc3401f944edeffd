package org.ioswitch.device.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.state.DeviceConfig;
import org.ioswitch.device.state.DeviceState;
import org.ioswitch.device.state.DeviceSwitchboxConfig;
import org.ioswitch.common.auth.PasswordInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code device init}: writes a working {@code D/config.json} for a device provisioned by hand. */
@Command(name = "init", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Write D/config.json for a device: its id, its server(s) or switchbox, and how to trust them.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--id", required = true, paramLabel = "ID",
            description = "device id, e.g. gina3.pekkahome (gina*.pekkahome: the server assigns the number)")
    String id;

    @Option(names = "--server", paramLabel = "HOST:PORT", split = ",",
            description = "home server address(es), tried in order (then the switchbox, if given)")
    List<String> servers = new ArrayList<>();

    @Option(names = "--password", paramLabel = "P",
            description = "the device account's password (kept in an owner-only file; other users of this machine "
                    + "can read it in the process list here: prefer --password-file or " + PasswordInput.ENV
                    + "); without one the device secret is used")
    String password;

    @Option(names = "--password-file", paramLabel = "F", description = "a file whose first line is the password")
    Path passwordFile;

    @Option(names = "--board-type", paramLabel = "TYPE", defaultValue = "simulator",
            description = "board type announced to the server")
    String boardType;

    @Option(names = "--signals", paramLabel = "FILE",
            description = "iocom signals.json map of this device's blocks (default: the simulated board's)")
    Path signals;

    @Option(names = "--dir", required = true, paramLabel = "D", description = "the device's state directory")
    Path dir;

    @Mixin
    TlsMixin tls;

    @Mixin
    SwitchboxMixin switchbox;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<ServerAddress> addresses = new ArrayList<>();
        for (String s : servers) {
            addresses.add(ServerAddress.parse(s));
        }
        JsonObject tlsJson = tls.toJson(new JsonObject());
        DeviceSwitchboxConfig box = switchbox.toConfig();
        if (addresses.isEmpty() && box == null) {
            throw new IllegalArgumentException("give --server HOST:PORT or --switchbox HOST:PORT (or both)");
        }
        DeviceConfig config = new DeviceConfig(id, addresses, boardType,
                signals == null ? null : signals.toAbsolutePath().toString(), null, tlsJson, box);
        // No prompt: without a password the device uses its secret (pairing).
        char[] pw = new PasswordInput(System.getenv(), () -> null).read(new PasswordInput.Sources("--password",
                password, "--password-file", passwordFile, PasswordInput.ENV, "device password"),
                spec.commandLine().getErr());
        DeviceState state = DeviceState.init(dir, config, pw == null ? null : new String(pw));
        List<String> routes = new ArrayList<>();
        state.config().servers().forEach(s -> routes.add("server " + s));
        if (box != null) {
            routes.add("switchbox " + box.address() + (box.relayClear() ? " (RELAY_CLEAR)" : ""));
        }
        spec.commandLine().getOut().println("wrote " + dir.resolve(DeviceState.CONFIG) + " for " + state.config().id()
                + " (" + String.join(", then ", routes) + ")");
        return 0;
    }
}
