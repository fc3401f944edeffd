package org.ioswitch.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} command for interoperability tests, with a deadline. */
public final class Openssl {
    private Openssl() {
    }

    /** The outcome of one command: exit code and merged output. */
    public record Result(int exitCode, String output) {
        /** True when the command exited 0. */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code openssl args...} in {@code dir}, failing the test if it does not end within 30 s. */
    public static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " did not finish in 30 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
