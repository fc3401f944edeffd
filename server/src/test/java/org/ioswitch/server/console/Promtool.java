package org.ioswitch.server.console;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus's own checker, {@code promtool check metrics} (Debian package {@code prometheus}), on a text. */
public final class Promtool {
    private Promtool() {
    }

    /** What promtool said and its exit code. */
    public record Result(int exit, String output) {
    }

    /** Checks {@code metrics}; the exit code is 0 when promtool finds nothing wrong (lint included). */
    public static Result check(String metrics) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(metrics.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool did not finish within 60 s");
        }
        return new Result(p.exitValue(), out);
    }
}
