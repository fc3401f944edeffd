package org.ioswitch.device.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.connect.Switchbox;
import org.ioswitch.device.state.DeviceSwitchboxConfig;
import picocli.CommandLine.Option;

/**
 * The options that send a connection through a cloud switchbox: where it is, the cloud organization's root that
 * verifies it, and the explicit RELAY_CLEAR choice. The home server is still verified end to end with {@code --trust}.
 */
final class SwitchboxMixin {
    @Option(names = "--switchbox", paramLabel = "HOST:PORT",
            description = "reach the home server through this switchbox (default port 6372), end-to-end TLS inside")
    String address;

    @Option(names = "--switchbox-trust", paramLabel = "CLOUD-ROOT.crt", split = ",",
            description = "the cloud organization's root(s) that verify the switchbox: PEM files or path.p12;password,"
                    + " several separated by ';'")
    List<String> trusted = new ArrayList<>();

    @Option(names = "--relay-clear",
            description = "no end-to-end TLS through the switchbox (RELAY_CLEAR): the switchbox can read the session,"
                    + " and the home server must allow it")
    boolean relayClear;

    /** True when any switchbox option was given. */
    boolean any() {
        return address != null || !trusted.isEmpty() || relayClear;
    }

    /**
     * The switchbox of these options over {@code config} (null when neither names one); TLS paths in the config
     * resolve against {@code configDir}, paths on the command line against the working directory.
     *
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    Switchbox resolve(DeviceSwitchboxConfig config, Path configDir, TlsOptions.Builder defaults, String source) {
        if (address == null && config == null) {
            if (any()) {
                throw new IllegalArgumentException("--switchbox-trust and --relay-clear need --switchbox HOST:PORT");
            }
            return null;
        }
        ServerAddress where = address != null ? Switchbox.parseAddress(address) : config.address();
        TlsOptions tls;
        if (!trusted.isEmpty()) {
            JsonObject base = config == null ? new JsonObject() : config.tls();
            base.remove("trusted");
            JsonObject o = toJson(base);
            tls = TlsJson.toOptions(o, configDir, defaults, "command line --switchbox-trust");
        } else if (config != null && config.tls().has("trusted")) {
            tls = TlsJson.toOptions(config.tls(), configDir, defaults, source + ": switchbox");
        } else {
            throw new IllegalArgumentException("--switchbox " + where + " needs --switchbox-trust CLOUD-ROOT.crt, the"
                    + " root of the organization that runs the switchbox");
        }
        return new Switchbox(where, tls, relayClear || (config != null && config.relayClear()));
    }

    /** The options as a config section, for {@code device init}; null when no switchbox was given. */
    DeviceSwitchboxConfig toConfig() {
        if (address == null) {
            if (any()) {
                throw new IllegalArgumentException("--switchbox-trust and --relay-clear need --switchbox HOST:PORT");
            }
            return null;
        }
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("--switchbox " + address + " needs --switchbox-trust CLOUD-ROOT.crt, the"
                    + " root of the organization that runs the switchbox");
        }
        return new DeviceSwitchboxConfig(Switchbox.parseAddress(address), toJson(new JsonObject()), relayClear);
    }

    /** {@code base} with {@code trusted} from the command line, made absolute (as {@code --trust} does). */
    private JsonObject toJson(JsonObject base) {
        TlsMixin m = new TlsMixin();
        m.trusted = trusted;
        return m.toJson(base);
    }
}
