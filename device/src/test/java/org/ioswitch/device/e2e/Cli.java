package org.ioswitch.device.e2e;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.ioswitch.device.cli.DeviceCommand;
import org.ioswitch.server.cli.ServerCommand;
import picocli.CommandLine;

/** The device and server command lines run in this JVM, with what they print captured. */
public final class Cli {
    /** Exit code and output of one command. */
    public record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    /** {@code ioswitch device ARGS}. */
    static Result device(String... args) {
        return device(new StringWriter(), new StringWriter(), args);
    }

    /** {@code ioswitch device ARGS}, printing into {@code out} and {@code err} as it goes. */
    public static Result device(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = DeviceCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code ioswitch server ARGS}. */
    static Result server(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ServerCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), args)
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * A file in {@code dir} whose first line is {@code password}, for {@code --password-file}: the way the docs give
     * passwords ({@code --password} works too, but warns on stderr that other users can read it).
     */
    static String passwordFile(java.nio.file.Path dir, String password) {
        try {
            java.nio.file.Path f = dir.resolve("pw-" + Integer.toHexString(password.hashCode()) + ".txt");
            java.nio.file.Files.writeString(f, password + "\n");
            return f.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code args} followed by {@code more}. */
    static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
