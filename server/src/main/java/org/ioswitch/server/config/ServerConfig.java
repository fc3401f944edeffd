package org.ioswitch.server.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** A server directory's {@code config.json}. */
public final class ServerConfig {
    /** The file name inside the server directory. */
    public static final String FILE_NAME = "config.json";
    /** TLS port of a home server. */
    public static final int DEFAULT_PORT = 6369;
    /** Plain TCP port of a home server, used only when enabled. */
    public static final int DEFAULT_PLAIN_PORT = 6368;
    /** How often an idle link is pinged. */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(10);
    /** How long a silent peer is tolerated. */
    public static final Duration DEFAULT_DEAD_PEER = Duration.ofSeconds(25);

    private ServerConfig() {
    }

    /**
     * The {@code network} a set-up directory serves.
     *
     * @throws ConfigException if the directory has no readable {@code config.json} with a {@code network}
     */
    public static String network(Path dir) throws ConfigException {
        JsonObject top = readObject(dir.resolve(FILE_NAME));
        JsonElement n = top.get("network");
        if (n == null || !n.isJsonPrimitive() || !n.getAsJsonPrimitive().isString()) {
            throw new ConfigException(dir.resolve(FILE_NAME) + ": network: expected a string");
        }
        return n.getAsString();
    }

    static JsonObject readObject(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file (run `ioswitch server init` first)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = JsonParser.parseReader(reader);
            if (!root.isJsonObject()) {
                throw new ConfigException(file + ": expected a JSON object");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ConfigException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
