package org.ioswitch.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an outside command (dpkg-deb, lintian, the launcher) with a deadline; output goes through a file. */
final class Command {
    /** The outcome of one command: exit code and merged stdout and stderr. */
    record Result(List<String> command, int exitCode, String output) {
        /** For assertion messages: what ran, how it ended, what it said. */
        String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
        }
    }

    private Command() {
    }

    /** Runs {@code command} in {@code dir} with the environment changed by {@code env} (a null value removes). */
    static Result run(Path dir, Map<String, String> env, Duration deadline, List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("ioswitch-dist-cmd", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                            Path.of("/dev/null").toFile()));
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process p = pb.start();
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not end within " + deadline + "; said:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs {@code command} in {@code dir} with this process's environment, within 2 minutes. */
    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, Map.of(), Duration.ofMinutes(2), List.of(command));
    }
}
