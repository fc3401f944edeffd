package org.ioswitch.certs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.ca.KeyKind;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: a failure becomes one line {@code certs: <message>} on stderr and exit 1, with the stack
 * trace only under {@code --verbose}; password and key-kind options are read the same way everywhere.
 */
abstract class CertsSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "Print the stack trace of a failure.")
    boolean verbose;

    /** Does the work; output for the user goes to {@code out}. */
    abstract void run(PrintWriter out) throws Exception;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            run(out);
            out.flush();
            return 0;
        } catch (ParameterException e) {
            throw e;
        } catch (Exception e) {
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            err.println("certs: " + message.replace('\n', ' '));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return CertsCommand.FAILED;
        }
    }

    /** The password from a value option or a file option (first line), or null when neither is given. */
    char[] password(String value, Path file, String valueOption, String fileOption) throws CertsException {
        if (value != null && file != null) {
            throw new ParameterException(spec.commandLine(), valueOption + " and " + fileOption
                    + " are mutually exclusive");
        }
        if (value != null) {
            if (value.isEmpty()) {
                throw new CertsException(valueOption + ": password must not be empty");
            }
            return value.toCharArray();
        }
        if (file == null) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CertsException(fileOption + " " + file + ": file not found", e);
        } catch (IOException e) {
            throw new CertsException(fileOption + " " + file + ": cannot read: " + e.getMessage(), e);
        }
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
            throw new CertsException(fileOption + " " + file + ": first line is empty, expected the password");
        }
        return lines.get(0).toCharArray();
    }

    /** EC P-256 unless {@code --rsa} names 2048 or 4096 bits. */
    KeyKind keyKind(Integer rsaBits) {
        if (rsaBits == null) {
            return KeyKind.EC_P256;
        }
        return switch (rsaBits) {
            case 2048 -> KeyKind.RSA_2048;
            case 4096 -> KeyKind.RSA_4096;
            default -> throw new ParameterException(spec.commandLine(),
                    "--rsa: expected 2048 or 4096, got " + rsaBits);
        };
    }

    /** Refuses to replace files (keys above all) unless {@code --force}. */
    static void refuseOverwrite(boolean force, Path... files) throws CertsException {
        if (force) {
            return;
        }
        for (Path p : files) {
            if (Files.exists(p)) {
                throw new CertsException(p + ": already exists (use --force to overwrite)");
            }
        }
    }

    static void requirePositive(CommandLine cl, String option, long value) {
        if (value <= 0) {
            throw new ParameterException(cl, option + ": expected a number of days > 0, got " + value);
        }
    }
}
