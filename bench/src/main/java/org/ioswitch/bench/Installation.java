package org.ioswitch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where {@code device-footprint} finds the installed launcher: a given directory, or dist's tarball unpacked. */
final class Installation {
    private Installation() {
    }

    /** {@code dir} if given, else {@code dist/target/ioswitch-*.tar.gz} (from the working directory) unpacked. */
    static Path find(String dir) throws IOException, InterruptedException {
        if (!dir.isEmpty()) {
            return Path.of(dir);
        }
        Path target = Path.of("dist", "target");
        List<Path> tarballs;
        try (var list = Files.list(target)) {
            tarballs = list.filter(p -> p.getFileName().toString().matches("ioswitch-.*\\.tar\\.gz")).toList();
        } catch (IOException e) {
            tarballs = List.of();
        }
        if (tarballs.size() != 1) {
            throw new IOException("no --install DIR and not exactly one " + target.toAbsolutePath()
                    + "/ioswitch-*.tar.gz (found " + tarballs + "); build it with mvn -B -ntp package");
        }
        Path into = Files.createTempDirectory("ioswitch-footprint-install");
        Process tar = new ProcessBuilder("tar", "-xzf", tarballs.get(0).toAbsolutePath().toString(), "-C",
                into.toString(), "--strip-components=1").inheritIO().start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("could not unpack " + tarballs.get(0));
        }
        into.toFile().deleteOnExit();
        return into;
    }
}
