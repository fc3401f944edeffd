package org.ioswitch.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the build put the tarball and the .deb under test (the dist module's target/, after {@code package}). */
final class Packages {
    private Packages() {
    }

    static Path dir() {
        String dir = System.getProperty("dist.dir");
        if (dir == null) {
            throw new IllegalStateException("system property dist.dir is not set (run the tests through Maven: "
                    + "mvn -pl dist -am verify)");
        }
        return Path.of(dir);
    }

    static String version() {
        return System.getProperty("dist.version");
    }

    /** target/ioswitch-VERSION.tar.gz. */
    static Path tarball() {
        return existing(dir().resolve("ioswitch-" + version() + ".tar.gz"));
    }

    /** target/ioswitch_VERSION_all.deb (VERSION in Debian's spelling: 0.1.0~SNAPSHOT). */
    static Path deb() {
        return existing(dir().resolve("ioswitch_" + version().replace('-', '~') + "_all.deb"));
    }

    /** The runtime that runs these tests: java.home of this JVM. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Unpacks the tarball into {@code dir}; returns its top directory (ioswitch-VERSION). */
    static Path unpackTarball(Path dir) throws IOException, InterruptedException {
        Command.Result r = Command.run(dir, "tar", "-xzf", tarball().toString());
        if (r.exitCode() != 0) {
            throw new AssertionError(r.describe());
        }
        return dir.resolve("ioswitch-" + version());
    }

    /** Unpacks the .deb's files (not its scripts) into {@code root}, as dpkg would place them. */
    static void unpackDeb(Path root) throws IOException, InterruptedException {
        Command.Result r = Command.run(root, "dpkg-deb", "-x", deb().toString(), root.toString());
        if (r.exitCode() != 0) {
            throw new AssertionError(r.describe());
        }
    }

    /** The unit file names the package ships. */
    static List<String> units() {
        return List.of("ioswitch-device.service", "ioswitch-server.service", "ioswitch-switchbox.service");
    }

    /** A directory of symlinks to exactly java and the few base commands the launcher uses: a PATH without Maven. */
    static Path runtimeOnlyPath(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("path"));
        Files.createSymbolicLink(bin.resolve("java"), java());
        for (String tool : List.of("bash", "readlink", "dirname", "sed", "stat", "cksum", "mkdir", "mv", "rm")) {
            Path found = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new AssertionError("no " + tool + " in /usr/bin or /bin"));
            Files.createSymbolicLink(bin.resolve(tool), found);
        }
        return bin;
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " is missing: the package phase did not build it");
        }
        return p;
    }
}
