package org.ioswitch.server.admin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ioswitch.common.thread.Threads;
import org.tinylog.Logger;

/**
 * The admin channel of a running server: {@code DIR/admin.sock}, a Unix domain socket with owner-only permissions, so
 * the file system decides who may administer (like {@code docker.sock}). The peer's OS user is read with
 * {@code SO_PEERCRED} for the audit log; a peer that is neither the server's user nor root is refused as well.
 * Each connection sends JSON requests, one per line, and gets one JSON answer line each.
 */
public final class AdminServer implements AutoCloseable {
    /** The socket's file name inside the server directory. */
    public static final String SOCKET_NAME = "admin.sock";
    /** Longest Unix socket path (sun_path holds 108 bytes on Linux, 104 on macOS, with the terminating zero). */
    public static final int MAX_PATH_BYTES = 103;

    private final Path socket;
    private final ServerSocketChannel channel;
    private final AdminCommands commands;
    private final String serverUser = System.getProperty("user.name", "");
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminServer(Path socket, ServerSocketChannel channel, AdminCommands commands) {
        this.socket = socket;
        this.channel = channel;
        this.commands = commands;
    }

    /**
     * Creates {@code dir/admin.sock} (owner-only from the first moment) and starts answering.
     *
     * @throws IOException if another server answers there, or the socket cannot be made, naming the path
     */
    public static AdminServer start(Path dir, AdminCommands commands) throws IOException {
        Path socket = dir.toAbsolutePath().resolve(SOCKET_NAME);
        if (!fits(dir)) {
            throw new PathTooLongException(socket);
        }
        if (Files.exists(socket)) {
            if (AdminClient.answers(socket)) {
                throw new IOException("a server already runs in " + dir + " (" + socket + " answers)");
            }
            Files.delete(socket); // left by a server that did not stop cleanly
        }
        // Bound inside a private directory, made owner-only there and then moved into place: at no moment can
        // another user connect to it.
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path privateDir = posix ? Files.createTempDirectory(dir.toAbsolutePath(), ".a",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory(dir.toAbsolutePath(), ".a");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            Path bound = privateDir.resolve("s");
            channel.bind(UnixDomainSocketAddress.of(bound));
            if (posix) {
                Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot create the admin socket " + socket + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(privateDir.resolve("s"));
            Files.deleteIfExists(privateDir);
        }
        AdminServer server = new AdminServer(socket, channel, commands);
        Threads.start("ioswitch-admin " + socket, server::acceptLoop);
        Logger.info("admin channel on {}", socket);
        return server;
    }

    /** True when {@code dir}'s admin socket (and the private path it is bound at first) fits a Unix socket path. */
    public static boolean fits(Path dir) {
        // The private bind path is DIR/.aNNNNNNNNNNNNNNNNNNN/s: up to 24 bytes after DIR.
        return dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length + 24 <= MAX_PATH_BYTES;
    }

    /** The directory's path is too long for a Unix socket inside it. */
    public static final class PathTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        PathTooLongException(Path socket) {
            super("the admin socket " + socket + " does not fit the " + MAX_PATH_BYTES + " bytes a Unix socket path "
                    + "may have (with room to create it safely); use a shorter server directory");
        }
    }

    /** The socket file. */
    public Path socket() {
        return socket;
    }

    /** Stops answering and removes the socket file; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            Logger.warn("cannot remove {}: {}", socket, e.getMessage());
        }
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    Logger.error(e, "admin channel {} stopped", socket);
                }
                return;
            }
            Threads.start("ioswitch-admin-client", () -> serve(client));
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String who = peerUser(client);
            InputStream in = new BufferedInputStream(Channels.newInputStream(client));
            OutputStream out = Channels.newOutputStream(client);
            String line;
            while ((line = Lines.read(in)) != null) {
                JsonObject answer;
                if (!who.equals(serverUser) && !who.equals("root") && !who.equals("unknown")) {
                    answer = refusal("OS user " + who + " may not administer this server (it runs as " + serverUser
                            + ")");
                } else {
                    answer = commands.handle(parse(line), who);
                }
                out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            Logger.debug("admin client: {}", e.getMessage());
        }
    }

    private static JsonObject parse(String line) {
        try {
            JsonElement e = JsonParser.parseString(line);
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            // Answered below like any request without a command.
        }
        JsonObject bad = new JsonObject();
        bad.addProperty("command", "not-json");
        return bad;
    }

    private static JsonObject refusal(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", false);
        o.addProperty("message", message);
        return o;
    }

    /** The peer's OS user from SO_PEERCRED, or {@code unknown} where the platform has no such option. */
    private static String peerUser(SocketChannel client) {
        try {
            return client.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (UnsupportedOperationException | IOException e) {
            return "unknown";
        }
    }
}
