package org.ioswitch.device.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigObject;
import org.ioswitch.common.tls.TlsOptions;

/**
 * Hands a device's {@code tls} JSON object (DESIGN §4 names, kept in the device's config or built from command-line
 * options) to the one mapper, {@link TlsOptions#fromConfig(ConfigObject, TlsOptions)}.
 */
final class TlsJson {
    private TlsJson() {
    }

    /**
     * The options in {@code tls} over {@code defaults}; paths resolve against {@code baseDir}.
     *
     * @throws IllegalArgumentException naming {@code source}, the key and what was expected
     */
    static TlsOptions toOptions(JsonObject tls, Path baseDir, TlsOptions.Builder defaults, String source) {
        JsonObject root = new JsonObject();
        root.add("tls", tls);
        try {
            return TlsOptions.fromConfig(ConfigObject.of(source, root, baseDir).object("tls"), defaults.build());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
