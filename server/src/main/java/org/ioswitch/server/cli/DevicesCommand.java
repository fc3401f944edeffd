package org.ioswitch.server.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code server devices}: the pending and paired devices of the running server, and the pairing window. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List pending devices (never their pairing codes: type the code the board shows) and paired"
                + " devices of the running server.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DirOption dir;

    @Override
    public Integer call() throws Exception {
        JsonObject answer = dir.admin("devices");
        PrintWriter out = spec.commandLine().getOut();
        out.println(answer.get("message").getAsString());
        out.println();
        out.println("PENDING");
        out.printf("%-24s %-14s %-16s %-20s %s%n", "REQUESTED", "BOARD", "ADDRESS", "LAST SEEN", "ATTEMPTS");
        for (JsonElement e : answer.getAsJsonArray("pending")) {
            JsonObject p = e.getAsJsonObject();
            out.printf("%-24s %-14s %-16s %-20s %d%s%n", s(p, "requestedId"), s(p, "boardType"),
                    s(p, "address"), s(p, "lastSeen"), p.get("attempts").getAsInt(),
                    p.get("wrongCodes").getAsInt() > 0 ? " (wrong codes: " + p.get("wrongCodes").getAsInt() + ")" : "");
        }
        out.println();
        out.println("DEVICES");
        out.printf("%-24s %-7s %-14s %s%n", "ID", "ONLINE", "BOARD", "PAIRED");
        for (JsonElement e : answer.getAsJsonArray("devices")) {
            JsonObject d = e.getAsJsonObject();
            out.printf("%-24s %-7s %-14s %s%n", s(d, "id"), d.get("online").getAsBoolean() ? "yes" : "no",
                    s(d, "boardType"), s(d, "paired"));
        }
        out.flush();
        return 0;
    }

    private static String s(JsonObject o, String key) {
        return o.get(key).getAsString();
    }
}
