package org.ioswitch.common.auth;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ioswitch.common.terminal.Terminal;

/**
 * Where a command gets a password without putting it on the command line, where every local user reads it in
 * {@code ps} or {@code /proc/PID/cmdline}. In order: the option itself (still accepted, with a warning on stderr), a
 * file whose first line is the password, an environment variable, and a prompt when a terminal is attached. One
 * mechanism for every command that takes a password (accounts on the server and the switchbox, operator logins).
 */
public final class PasswordInput {
    /** The environment variable every ioswitch command reads a password from: {@value}. */
    public static final String ENV = "IOSWITCH_PASSWORD";

    /**
     * The ways a command offers.
     *
     * @param option the option's name, e.g. {@code --password}
     * @param given its value, or null
     * @param fileOption the file option's name, e.g. {@code --password-file}
     * @param file its value, or null
     * @param env the environment variable, e.g. {@link #ENV}
     * @param prompt what the terminal prompt asks for, e.g. {@code password of pekka}
     */
    public record Sources(String option, String given, String fileOption, Path file, String env, String prompt) {
    }

    private final Map<String, String> environment;
    private final Supplier<Console> console;

    /** Reads this process's environment and terminal. */
    public PasswordInput() {
        this(System.getenv(), Terminal::attached);
    }

    /** With a given environment and terminal (tests). */
    public PasswordInput(Map<String, String> environment, Supplier<Console> console) {
        this.environment = Map.copyOf(environment);
        this.console = console;
    }

    /**
     * The password from the first source that has one; null when none does and no terminal is attached.
     *
     * @param err where the warning about a password on the command line goes
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if both the option and the file are given, or a source is empty, naming it
     */
    public char[] read(Sources s, PrintWriter err) throws IOException {
        if (s.given() != null && s.file() != null) {
            throw new IllegalArgumentException("give " + s.option() + " or " + s.fileOption() + ", not both");
        }
        if (s.given() != null) {
            if (s.given().isEmpty()) {
                throw new IllegalArgumentException(s.option() + " must not be empty");
            }
            err.println("warning: " + s.option() + " on the command line can be read by every user of this machine "
                    + "(ps, /proc/PID/cmdline); use " + s.fileOption() + " FILE or the environment variable "
                    + s.env() + " instead");
            err.flush();
            return s.given().toCharArray();
        }
        if (s.file() != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(s.file(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException(s.fileOption() + " " + s.file() + ": cannot read: " + e.getMessage(), e);
            }
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new IllegalArgumentException(s.fileOption() + " " + s.file()
                        + ": the first line (the password) is empty");
            }
            return lines.get(0).toCharArray();
        }
        String fromEnv = environment.get(s.env());
        if (fromEnv != null) {
            if (fromEnv.isEmpty()) {
                throw new IllegalArgumentException("environment variable " + s.env() + " is empty");
            }
            return fromEnv.toCharArray();
        }
        Console terminal = console.get();
        if (terminal != null) {
            char[] typed = terminal.readPassword("%s: ", s.prompt());
            if (typed == null || typed.length == 0) {
                throw new IllegalArgumentException("no " + s.prompt() + " typed");
            }
            return typed;
        }
        return null;
    }

    /** What to tell a user who gave none: the ways there are. */
    public static String missing(Sources s) {
        return "no password: give " + s.fileOption() + " FILE, set " + s.env()
                + ", or run on a terminal to be asked (" + s.option() + " works but others can read it)";
    }
}
