package org.ioswitch.server.admin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sends one request to the server running in a directory, through its {@code admin.sock}. */
public final class AdminClient {
    private AdminClient() {
    }

    /**
     * Sends the request {@code {"command": COMMAND, NAME: VALUE, ...}} (a number stays a number, anything else is
     * its string) and returns the answer when it says ok.
     *
     * @throws AdminException when no server runs in {@code dir}, or the server refused, with its reason
     */
    public static JsonObject call(Path dir, String command, Object... namesAndValues) throws AdminException {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs, got " + namesAndValues.length);
        }
        JsonObject request = new JsonObject();
        request.addProperty("command", command);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = String.valueOf(namesAndValues[i]);
            if (namesAndValues[i + 1] instanceof Number n) {
                request.addProperty(name, n);
            } else {
                request.addProperty(name, String.valueOf(namesAndValues[i + 1]));
            }
        }
        return call(dir, request);
    }

    /**
     * Sends {@code request} and returns the answer when it says ok.
     *
     * @throws AdminException when no server runs in {@code dir}, or the server refused, with its reason
     */
    public static JsonObject call(Path dir, JsonObject request) throws AdminException {
        Path socket = dir.toAbsolutePath().resolve(AdminServer.SOCKET_NAME);
        if (!AdminServer.fits(dir)) {
            throw new AdminException(new AdminServer.PathTooLongException(socket).getMessage());
        }
        if (!Files.exists(socket)) {
            throw new AdminException("no server runs in " + dir + ": " + socket + " does not exist (start one with "
                    + "'ioswitch server run --dir " + dir + "')");
        }
        JsonObject answer;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(ch).write((request + "\n").getBytes(StandardCharsets.UTF_8));
            String line = Lines.read(new BufferedInputStream(Channels.newInputStream(ch)));
            if (line == null) {
                throw new AdminException("the server in " + dir + " closed the admin channel without an answer");
            }
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject() || !e.getAsJsonObject().has("ok")) {
                throw new AdminException("the server in " + dir + " answered something that is not an admin answer");
            }
            answer = e.getAsJsonObject();
        } catch (AccessDeniedException e) {
            throw new AdminException("no permission to use " + socket + ": run the command as the server's user");
        } catch (IOException e) {
            throw new AdminException("no server answers on " + socket + " (" + e.getMessage()
                    + "); is it running? start one with 'ioswitch server run --dir " + dir + "'", e);
        } catch (JsonParseException e) {
            throw new AdminException("the server in " + dir + " answered invalid JSON: " + e.getMessage(), e);
        }
        if (!answer.get("ok").getAsBoolean()) {
            JsonElement m = answer.get("message");
            throw new AdminException(m == null ? "refused" : m.getAsString());
        }
        return answer;
    }

    /** True if a server answers on {@code socket}. */
    static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
