package org.ioswitch.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --password P | --password-file F}: exactly one is given. */
final class PasswordOptions {
    @Option(names = "--password", paramLabel = "P", description = "The password (visible in the process list: "
            + "prefer --password-file).")
    String password;

    @Option(names = "--password-file", paramLabel = "F", description = "A file whose first line is the password.")
    Path passwordFile;

    /** The password, from the option or the first line of the file. */
    char[] read() throws IOException {
        if (password != null) {
            if (password.isEmpty()) {
                throw new IllegalArgumentException("--password must not be empty");
            }
            return password.toCharArray();
        }
        List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
            throw new IllegalArgumentException(passwordFile + ": the first line (the password) is empty");
        }
        return lines.get(0).toCharArray();
    }
}
