package org.ioswitch.server.cli;

import com.google.gson.JsonObject;
import java.util.concurrent.Callable;
import org.ioswitch.server.admin.AdminClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code server reject NAME}: drops a pending device; a waiting one is told so. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a pending device.")
final class RejectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DirOption dir;

    @Parameters(index = "0", paramLabel = "NAME", description = "The pending device: gina, gina3, or its requested id.")
    String name;

    @Override
    public Integer call() throws Exception {
        JsonObject request = new JsonObject();
        request.addProperty("command", "reject");
        request.addProperty("name", name);
        spec.commandLine().getOut().println(AdminClient.call(dir.dir, request).get("message").getAsString());
        return 0;
    }
}
