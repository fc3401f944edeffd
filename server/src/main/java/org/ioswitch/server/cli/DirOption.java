package org.ioswitch.server.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.ioswitch.server.admin.AdminClient;
import org.ioswitch.server.admin.AdminException;
import picocli.CommandLine.Option;

/** The {@code --dir} option every subcommand shares. */
final class DirOption {
    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "The server directory (config.json, accounts.json, certificates).")
    Path dir;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;

    /**
     * Asks the server running in {@link #dir}, over its admin socket, to do {@code command} with the arguments
     * (name, value, name, value, ...); returns its answer when it says ok.
     */
    JsonObject admin(String command, Object... namesAndValues) throws AdminException {
        return AdminClient.call(dir, command, namesAndValues);
    }

    /** As {@link #admin}, returning the answer's one-line message for the user. */
    String adminMessage(String command, Object... namesAndValues) throws AdminException {
        return admin(command, namesAndValues).get("message").getAsString();
    }
}
