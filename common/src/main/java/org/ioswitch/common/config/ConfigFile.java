package org.ioswitch.common.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One JSON configuration file per process. Strict JSON (no comments, no trailing commas); every relative path in it
 * resolves against the file's directory; unknown keys are errors (see {@link ConfigObject#finish()}).
 */
public final class ConfigFile {
    private final Path path;
    private final ConfigObject root;

    private ConfigFile(Path path, ConfigObject root) {
        this.path = path;
        this.root = root;
    }

    /**
     * Reads and parses the file.
     *
     * @throws ConfigException when the file is missing, unreadable, not JSON, or not a JSON object
     */
    public static ConfigFile read(Path path) throws ConfigException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read: " + e.getMessage(), e);
        }
        return parse(path, text);
    }

    /** Parses {@code text} as if it were the content of {@code path}. */
    public static ConfigFile parse(Path path, String text) throws ConfigException {
        JsonElement element;
        try (Reader reader = new StringReader(text)) {
            JsonReader json = new JsonReader(reader);
            json.setStrictness(Strictness.STRICT);
            element = JsonParser.parseReader(json);
            if (json.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new ConfigException(path + ": unexpected content after the top-level object");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new ConfigException(path + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!element.isJsonObject()) {
            throw new ConfigException(path + ": expected a JSON object at the top, got " + ConfigObject.describe(element));
        }
        Path absolute = path.toAbsolutePath();
        Path base = absolute.getParent() == null ? absolute : absolute.getParent();
        return new ConfigFile(path, new ConfigObject(path.getFileName().toString(), "", element.getAsJsonObject(), base));
    }

    /** The file this was read from. */
    public Path path() {
        return path;
    }

    /** The top-level object. */
    public ConfigObject root() {
        return root;
    }
}
