package org.ioswitch.device.state;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ioswitch.device.connect.ServerAddress;

/**
 * What {@code D/config.json} says: who the device is, where its servers are, how it checks them.
 * <pre>
 * {
 *   "id": "gina3.pekkahome",
 *   "servers": ["myserver.pekkahome:6369"],
 *   "boardType": "simulator",
 *   "signals": "signals.json",
 *   "passwordFile": "device.password",
 *   "tls": { "trusted": "pekkahome-root.crt" },
 *   "switchbox": { "address": "relay.example.com:6372", "tls": { "trusted": "iocafe-root.crt" } }
 * }
 * </pre>
 * Paths are relative to the directory of the config file. The servers are tried directly, in order, then the
 * switchbox; {@code servers} may be empty when a switchbox is configured.
 *
 * @param id device id, {@code gina3.pekkahome} or {@code gina*.pekkahome}
 * @param servers home server addresses, tried in order
 * @param boardType the board type announced at authentication
 * @param signals signal map file (iocom {@code signals.json}), or null for the simulator's built-in map
 * @param passwordFile owner-only file holding the password for hand provisioning, or null to use the device secret
 * @param tls the {@code tls} settings object of DESIGN §4, as written in the file; it verifies the home server,
 *     directly or end to end through the switchbox
 * @param switchbox the switchbox to go through, or null
 */
public record DeviceConfig(String id, List<ServerAddress> servers, String boardType, String signals, String passwordFile,
                           JsonObject tls, DeviceSwitchboxConfig switchbox) {
    /** Board type when none is configured. */
    public static final String DEFAULT_BOARD_TYPE = "ioswitch";

    /** Checks the fields and names the one that is wrong. */
    public DeviceConfig {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z][A-Za-z0-9_-]*(\\d+|\\*)\\.[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("id: expected nameN.network or name*.network, e.g. gina3.pekkahome, got \""
                    + id + "\"");
        }
        servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
        if (servers.isEmpty() && switchbox == null) {
            throw new IllegalArgumentException("servers: expected at least one HOST:PORT (or a switchbox), got none");
        }
        boardType = boardType == null || boardType.isBlank() ? DEFAULT_BOARD_TYPE : boardType;
        tls = tls == null ? new JsonObject() : tls.deepCopy();
    }

    /** A config without a switchbox. */
    public DeviceConfig(String id, List<ServerAddress> servers, String boardType, String signals, String passwordFile,
                        JsonObject tls) {
        this(id, servers, boardType, signals, passwordFile, tls, null);
    }

    /** The network part of the id: {@code pekkahome} for {@code gina3.pekkahome}. */
    public String network() {
        return id.substring(id.indexOf('.') + 1);
    }

    /** The same config with another list of servers. */
    public DeviceConfig withServers(List<ServerAddress> newServers) {
        return new DeviceConfig(id, new ArrayList<>(newServers), boardType, signals, passwordFile, tls, switchbox);
    }

    @Override
    public JsonObject tls() {
        return tls.deepCopy();
    }
}
