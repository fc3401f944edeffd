package org.ioswitch.server.cli;

import java.util.concurrent.Callable;
import org.ioswitch.server.config.ServerConfig;
import org.ioswitch.server.console.ConsoleOptions;
import org.ioswitch.server.config.ServerSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code server init}: organization root, server certificate, config and admin account in a new directory. */
@Command(name = "init", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Set up a server directory: organization root CA (if none), server certificate, config.json, "
                + "accounts.json with an admin account.")
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DirOption dir;

    @Option(names = "--network", required = true, paramLabel = "NAME",
            description = "The IO network this server serves; also the organization name of the root CA.")
    String network;

    @Option(names = "--admin-password", paramLabel = "P",
            description = "The admin password (default: " + ADMIN_ENV + ", else generate one and print it once; other "
                    + "users of this machine can read a password given here in the process list).")
    String adminPassword;

    @Option(names = "--admin-password-file", paramLabel = "F",
            description = "A file whose first line is the admin password.")
    java.nio.file.Path adminPasswordFile;

    /** The environment variable the admin password may come from. */
    static final String ADMIN_ENV = "IOSWITCH_ADMIN_PASSWORD";

    @Option(names = "--admin", paramLabel = "NAME", defaultValue = "admin", description = "The admin account name.")
    String adminName;

    @Option(names = "--host", paramLabel = "H",
            description = "Host name for the server certificate (default: this machine's name).")
    String host;

    @Option(names = "--listen", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 to serve devices on the LAN.")
    String listen;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "TLS port.")
    int port;

    @Override
    public Integer call() throws Exception {
        // No prompt: without a password from these sources init generates one and prints it once.
        char[] password = new org.ioswitch.common.auth.PasswordInput(System.getenv(), () -> null).read(
                new org.ioswitch.common.auth.PasswordInput.Sources("--admin-password", adminPassword,
                        "--admin-password-file", adminPasswordFile, ADMIN_ENV, "admin password"),
                spec.commandLine().getErr());
        ServerSetup.Result r = ServerSetup.init(new ServerSetup.Request(dir.dir, network, host, listen, port,
                adminName, password));
        var out = spec.commandLine().getOut();
        out.println((r.caCreated() ? "created organization root " : "kept organization root ")
                + ServerSetup.rootCertificate(dir.dir, network) + " (hand this file to devices and clients)");
        out.println("created server certificate " + dir.dir.resolve("server.crt") + " for " + r.host()
                + ", localhost, 127.0.0.1");
        out.println("created " + dir.dir.resolve(ServerConfig.FILE_NAME) + " (listen " + listen + ":" + port + " TLS)");
        out.println("created admin account " + adminName + " of network " + network);
        out.println("web console: https://127.0.0.1:" + ConsoleOptions.DEFAULT_PORT + "/ while the server runs "
                + "(log in as " + adminName + "; console.address and console.port in config.json move it)");
        if (r.generatedPassword() != null) {
            out.println("admin password (shown once, store it now): " + r.generatedPassword());
        }
        out.flush();
        return 0;
    }
}
