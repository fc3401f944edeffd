package org.ioswitch.device.state;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigFile;
import org.ioswitch.common.config.ConfigObject;
import org.ioswitch.common.files.AtomicFiles;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.connect.Switchbox;
import org.tinylog.Logger;

/**
 * A device's state directory {@code D}: {@code config.json} (what {@code device init} wrote), {@code device.secret}
 * (random, made at first start, owner-only), an optional owner-only password file for hand provisioning, and
 * {@code state.json} (the device number the server assigned). Every write is atomic.
 */
public final class DeviceState {
    /** The config file's name inside the directory. */
    public static final String CONFIG = "config.json";
    /** The device secret's file name. */
    public static final String SECRET = "device.secret";
    /** The password file {@code device init --password} writes. */
    public static final String PASSWORD = "device.password";
    /** Where the assigned id is kept. */
    public static final String STATE = "state.json";
    /** Length of a generated device secret in bytes. */
    public static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final DeviceConfig config;

    private DeviceState(Path dir, DeviceConfig config) {
        this.dir = dir;
        this.config = config;
    }

    /**
     * Writes {@code D/config.json} and, when {@code password} is given, the owner-only password file it names.
     *
     * @throws StateException naming the file that could not be written
     */
    public static DeviceState init(Path dir, DeviceConfig config, String password) throws StateException {
        Objects.requireNonNull(config, "config");
        DeviceConfig written = config;
        if (password != null) {
            if (password.isEmpty()) {
                throw new StateException("password: must not be empty");
            }
            String name = config.passwordFile() == null ? PASSWORD : config.passwordFile();
            write(dir.resolve(name), (password + "\n").getBytes(StandardCharsets.UTF_8), true);
            written = new DeviceConfig(config.id(), config.servers(), config.boardType(), config.signals(), name,
                    config.tls(), config.switchbox());
        }
        write(dir.resolve(CONFIG), toJson(written).getBytes(StandardCharsets.UTF_8), false);
        return new DeviceState(dir, written);
    }

    /**
     * Reads {@code D/config.json}.
     *
     * @throws StateException naming the file, the key and what was expected
     */
    public static DeviceState open(Path dir) throws StateException {
        Path file = dir.resolve(CONFIG);
        return new DeviceState(dir, parseConfig(file, read(file)));
    }

    /**
     * A state directory used only for the device secret and the assigned id, when the application configures the
     * device in code and there is no {@code config.json}; {@link #config()} is then null.
     */
    public static DeviceState bare(Path dir) {
        return new DeviceState(Objects.requireNonNull(dir, "dir"), null);
    }

    /** The state directory. */
    public Path dir() {
        return dir;
    }

    /** The configuration. */
    public DeviceConfig config() {
        return config;
    }

    /** Resolves a path from the config against the directory. */
    public Path resolve(String path) {
        return dir.resolve(path);
    }

    /**
     * The device secret, generated with {@link SecureRandom} into an owner-only file on first use.
     *
     * @throws StateException when the file cannot be written, is malformed, or is readable by others
     */
    public byte[] secret() throws StateException {
        Path file = dir.resolve(SECRET);
        if (!Files.exists(file)) {
            byte[] secret = new byte[SECRET_BYTES];
            RANDOM.nextBytes(secret);
            write(file, (Base64.getEncoder().encodeToString(secret) + "\n").getBytes(StandardCharsets.US_ASCII), true);
            Logger.info("generated a new device secret in {}", file);
            return secret;
        }
        String text = readOwnerOnly(file).trim();
        try {
            byte[] secret = Base64.getDecoder().decode(text);
            if (secret.length < 16) {
                throw new StateException(file + ": device secret has " + secret.length + " bytes, expected at least 16");
            }
            return secret;
        } catch (IllegalArgumentException e) {
            throw new StateException(file + ": expected a base64 device secret: " + e.getMessage());
        }
    }

    /**
     * The password from the configured password file, if one is configured.
     *
     * @throws StateException when the file is missing, empty or readable by others
     */
    public Optional<String> password() throws StateException {
        if (config == null || config.passwordFile() == null) {
            return Optional.empty();
        }
        Path file = dir.resolve(config.passwordFile());
        String text = readOwnerOnly(file);
        String line = text.lines().findFirst().orElse("");
        if (line.isEmpty()) {
            throw new StateException(file + ": password file is empty");
        }
        return Optional.of(line);
    }

    /** The id the server assigned at an earlier connection (for {@code gina*} ids), if any. */
    public Optional<String> assignedId() throws StateException {
        Path file = dir.resolve(STATE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            ConfigObject o = ConfigFile.parse(file, read(file)).root();
            String id = o.string("assignedId", null);
            if (id == null) {
                throw o.error("assignedId", "expected a string");
            }
            return Optional.of(id);
        } catch (ConfigException e) {
            throw new StateException(e.getMessage(), e);
        }
    }

    /** Keeps the id the server assigned, so the next start asks for the same number. */
    public void saveAssignedId(String id) throws StateException {
        JsonObject o = new JsonObject();
        o.addProperty("assignedId", id);
        write(dir.resolve(STATE), (new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n")
                .getBytes(StandardCharsets.UTF_8), false);
    }

    /** The id to authenticate with: the assigned one when the configured id asks for a number. */
    public String effectiveId() throws StateException {
        return effectiveId(config.id());
    }

    /** The id to authenticate with for {@code configured}: the assigned one when it asks for a number. */
    public String effectiveId(String configured) throws StateException {
        Optional<String> assigned = assignedId();
        return configured.contains("*") && assigned.isPresent() ? assigned.get() : configured;
    }

    static String toJson(DeviceConfig c) {
        JsonObject o = new JsonObject();
        o.addProperty("id", c.id());
        JsonArray servers = new JsonArray();
        c.servers().forEach(s -> servers.add(s.toString()));
        o.add("servers", servers);
        o.addProperty("boardType", c.boardType());
        if (c.signals() != null) {
            o.addProperty("signals", c.signals());
        }
        if (c.passwordFile() != null) {
            o.addProperty("passwordFile", c.passwordFile());
        }
        o.add("tls", c.tls());
        if (c.switchbox() != null) {
            JsonObject box = new JsonObject();
            box.addProperty("address", c.switchbox().address().toString());
            box.add("tls", c.switchbox().tls());
            if (c.switchbox().relayClear()) {
                box.addProperty("relayClear", true);
            }
            o.add("switchbox", box);
        }
        return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    /** Reads a {@code config.json} strictly, as the server's is read: an error names the file, the key, what was expected. */
    static DeviceConfig parseConfig(Path file, String text) throws StateException {
        try {
            ConfigObject o = ConfigFile.parse(file, text).root();
            String id = o.string("id", null);
            if (id == null) {
                throw o.error("id", "missing, expected a string");
            }
            List<String> listed = o.strings("servers", o.has("switchbox") ? List.of() : null);
            if (listed == null) {
                throw o.error("servers", "expected an array of \"HOST:PORT\" strings");
            }
            List<ServerAddress> servers = new ArrayList<>();
            for (String server : listed) {
                try {
                    servers.add(ServerAddress.parse(server));
                } catch (IllegalArgumentException e) {
                    throw o.error("servers", e.getMessage());
                }
            }
            String boardType = o.string("boardType", null);
            String signals = o.string("signals", null);
            String passwordFile = o.string("passwordFile", null);
            JsonObject tls = o.json("tls");
            DeviceSwitchboxConfig switchbox = switchbox(o);
            o.finish();
            try {
                return new DeviceConfig(id, servers, boardType, signals, passwordFile, tls, switchbox);
            } catch (IllegalArgumentException e) {
                throw new StateException(file + ": " + e.getMessage());
            }
        } catch (ConfigException e) {
            throw new StateException(e.getMessage(), e);
        }
    }

    private static DeviceSwitchboxConfig switchbox(ConfigObject root) throws ConfigException {
        if (!root.has("switchbox")) {
            return null;
        }
        ConfigObject o = root.object("switchbox");
        String address = o.string("address", null);
        if (address == null) {
            throw o.error("address", "expected \"HOST:PORT\", got nothing");
        }
        JsonObject tls = o.json("tls");
        boolean relayClear = o.bool("relayClear", false);
        o.finish();
        try {
            return new DeviceSwitchboxConfig(Switchbox.parseAddress(address), tls, relayClear);
        } catch (IllegalArgumentException e) {
            throw o.error("address", e.getMessage());
        }
    }

    private static String readOwnerOnly(Path file) throws StateException {
        try {
            if (Files.exists(file) && AtomicFiles.openToOthers(file)) {
                throw new StateException(file + ": readable or writable by others, expected owner-only (chmod 600)");
            }
        } catch (IOException e) {
            throw new StateException(file + ": cannot read permissions: " + e.getMessage(), e);
        }
        return read(file);
    }

    private static String read(Path file) throws StateException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new StateException(file + ": no such file");
        } catch (IOException e) {
            throw new StateException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] bytes, boolean ownerOnly) throws StateException {
        try {
            AtomicFiles.write(file, bytes, ownerOnly);
        } catch (IOException e) {
            throw new StateException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
