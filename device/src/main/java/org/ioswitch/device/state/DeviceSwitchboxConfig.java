package org.ioswitch.device.state;

import com.google.gson.JsonObject;
import java.util.Objects;
import org.ioswitch.device.connect.ServerAddress;

/**
 * The {@code switchbox} section of a device's {@code config.json}: reach the home server through a cloud switchbox.
 * <pre>
 * "switchbox": {
 *   "address": "relay.example.com:6372",
 *   "tls": { "trusted": "iocafe-root.crt" },
 *   "relayClear": false
 * }
 * </pre>
 *
 * @param address the switchbox, {@code HOST:PORT}
 * @param tls the {@code tls} settings object (DESIGN §4) for the hop to the switchbox, as written in the file; its
 *     {@code trusted} is the cloud organization's root
 * @param relayClear true to skip end-to-end TLS with the home server (RELAY_CLEAR; optional, default false)
 */
public record DeviceSwitchboxConfig(ServerAddress address, JsonObject tls, boolean relayClear) {
    /** Checks the fields. */
    public DeviceSwitchboxConfig {
        Objects.requireNonNull(address, "switchbox.address");
        tls = tls == null ? new JsonObject() : tls.deepCopy();
    }

    @Override
    public JsonObject tls() {
        return tls.deepCopy();
    }
}
