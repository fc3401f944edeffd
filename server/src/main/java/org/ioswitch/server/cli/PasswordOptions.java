package org.ioswitch.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.ioswitch.common.auth.PasswordInput;
import picocli.CommandLine.Option;

/**
 * {@code --password-file F | --password P}, or neither: then {@value PasswordInput#ENV}, or a prompt on a terminal
 * ({@link PasswordInput}).
 */
final class PasswordOptions {
    @Option(names = "--password", paramLabel = "P", description = "The password (other users of this machine can "
            + "read it in the process list: prefer --password-file or " + PasswordInput.ENV + ").")
    String password;

    @Option(names = "--password-file", paramLabel = "F", description = "A file whose first line is the password.")
    Path passwordFile;

    /**
     * The password from {@code options} (null when the group was not given), the environment or the terminal.
     *
     * @throws IllegalArgumentException naming the ways when none gives a password
     */
    static char[] read(PasswordOptions options, PrintWriter err, String prompt) throws IOException {
        PasswordInput.Sources s = new PasswordInput.Sources("--password", options == null ? null : options.password,
                "--password-file", options == null ? null : options.passwordFile, PasswordInput.ENV, prompt);
        char[] pw = new PasswordInput().read(s, err);
        if (pw == null) {
            throw new IllegalArgumentException(PasswordInput.missing(s));
        }
        return pw;
    }
}
