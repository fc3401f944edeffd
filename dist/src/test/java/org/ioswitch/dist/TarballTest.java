package org.ioswitch.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball unpacked into a temporary directory and run with nothing but a Java runtime on the PATH. */
class TarballTest {
    @TempDir
    static Path dir;
    static Path home;
    static Path path;

    @BeforeAll
    static void unpack() throws Exception {
        home = Packages.unpackTarball(dir);
        path = Packages.runtimeOnlyPath(dir);
    }

    /** Runs bin/ioswitch with PATH = {java, bash, readlink, dirname, sed} only, no JAVA_HOME, no Maven. */
    private static Command.Result ioswitch(Map<String, String> extraEnv, Duration deadline, String... args)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", path.toString());
        env.put("HOME", dir.toString());
        env.put("JAVA_HOME", null);
        env.put("IOSWITCH_JAVA_OPTS", null);
        env.put("JDK_JAVA_OPTIONS", null);
        env.put("MAVEN_HOME", null);
        env.putAll(extraEnv);
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(home.resolve("bin/ioswitch").toString());
        cmd.addAll(List.of(args));
        return Command.run(dir, env, deadline, cmd);
    }

    @Test
    void holdsLauncherLibUnitsExamplesAndDocs() {
        assertTrue(Files.isExecutable(home.resolve("bin/ioswitch")));
        for (String p : List.of("jvm/device.options", "examples/default-ioswitch", "docs/install.md",
                "examples/server/config.json", "examples/device/config.json", "examples/switchbox/config.json",
                "systemd/ioswitch-device.service", "systemd/ioswitch-server.service",
                "systemd/ioswitch-switchbox.service")) {
            assertTrue(Files.isRegularFile(home.resolve(p)), "no " + p);
        }
        try (var jars = Files.list(home.resolve("lib"))) {
            List<String> names = jars.map(p -> p.getFileName().toString()).toList();
            for (String jar : List.of("ioswitch-device-", "ioswitch-server-", "ioswitch-demo-", "bcprov-jdk18on-")) {
                assertTrue(names.stream().anyMatch(n -> n.startsWith(jar)), "no " + jar + " in lib: " + names);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Jar names (version included) directly in {@code dir}. */
    private static Set<String> jarsIn(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> closure(String property) throws java.io.IOException {
        Set<String> jars = new TreeSet<>();
        for (String dir : System.getProperty(property).split(",")) {
            jars.addAll(jarsIn(Path.of(dir)));
        }
        return jars;
    }

    @Test
    void libHoldsTheToolsClosuresAndLibSwitchboxOnlyTheSwitchboxsClusterClient() throws Exception {
        Set<String> lib = jarsIn(home.resolve("lib"));
        Set<String> switchboxOnly = jarsIn(home.resolve("lib/switchbox"));
        // lib/: exactly the runtime closures of device, server and certs (Maven's copies beside each module's jar),
        // plus ioswitch's own jars and the tools' other module jars.
        Set<String> tools = closure("dist.toolLibs");
        assertEquals(Set.of(), tools.stream().filter(j -> !lib.contains(j)).collect(Collectors.toSet()),
                "jars a device, server or certs tool needs that lib/ lacks");
        assertEquals(Set.of(), lib.stream().filter(j -> !tools.contains(j) && !j.startsWith("ioswitch-"))
                .collect(Collectors.toSet()), "jars in lib/ that no device, server or certs tool needs "
                + "(switchbox-only? list them in dist/pom.xml's dist.switchboxOnly*)");
        // lib/switchbox/: the rest of the switchbox's closure, nothing twice.
        Set<String> switchbox = closure("dist.switchboxLib");
        assertEquals(Set.of(), switchbox.stream().filter(j -> !lib.contains(j) && !switchboxOnly.contains(j))
                .collect(Collectors.toSet()), "switchbox jars in neither lib/ nor lib/switchbox/");
        assertEquals(Set.of(), switchboxOnly.stream().filter(lib::contains).collect(Collectors.toSet()),
                "jars in both lib/ and lib/switchbox/");
        for (String jar : List.of("jetcd-core-", "grpc-netty-", "netty-handler-", "vertx-core-", "guava-")) {
            assertTrue(switchboxOnly.stream().anyMatch(n -> n.startsWith(jar)), "no " + jar + " in lib/switchbox: "
                    + switchboxOnly);
        }
    }

    /** The class path the launcher gives {@code tool}, as the JVM reports it (java.class.path, one entry a line). */
    private static List<String> classPathOf(String tool) throws Exception {
        Command.Result r = ioswitch(Map.of("JDK_JAVA_OPTIONS", "-XshowSettings:properties"), Duration.ofMinutes(2),
                tool, "--help");
        assertEquals(0, r.exitCode(), r.describe());
        List<String> entries = new java.util.ArrayList<>();
        boolean inClassPath = false;
        for (String line : r.output().lines().toList()) {
            if (line.strip().startsWith("java.class.path = ")) {
                inClassPath = true;
                entries.add(line.strip().substring("java.class.path = ".length()));
            } else if (inClassPath && line.startsWith("        ")) {
                entries.add(line.strip());
            } else {
                inClassPath = false;
            }
        }
        assertTrue(entries.stream().anyMatch(e -> e.endsWith("/lib/ioswitch-common-" + Packages.version() + ".jar")),
                tool + ": no class path found in " + r.describe());
        return entries;
    }

    @Test
    void onlyTheSwitchboxAndTheDemoGetTheClusterClientOnTheirClassPath() throws Exception {
        java.util.function.Predicate<String> clusterJar = e -> e.contains("/lib/switchbox/")
                || e.matches(".*/(jetcd|grpc|netty|vertx|protobuf|guava)[^/]*\\.jar");
        for (String tool : List.of("device", "server", "certs")) {
            List<String> cp = classPathOf(tool);
            assertEquals(List.of(), cp.stream().filter(clusterJar).toList(), tool + "'s class path");
        }
        for (String tool : List.of("switchbox", "demo")) {
            List<String> cp = classPathOf(tool);
            assertTrue(cp.stream().anyMatch(e -> e.contains("/lib/switchbox/jetcd-core-")), tool + ": " + cp);
        }
    }

    @Test
    void bouncyCastleShipsUnsignedMultiReleaseWithEveryClass() throws Exception {
        try (var jars = Files.list(home.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("bc")).toList()) {
                try (java.util.jar.JarFile shipped = new java.util.jar.JarFile(jar.toFile())) {
                    assertFalse(shipped.stream().anyMatch(e -> e.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")),
                            jar + " still carries a signature");
                    assertEquals("true", shipped.getManifest().getMainAttributes().getValue("Multi-Release"), jar.toString());
                    assertEquals(0, shipped.getManifest().getEntries().size(), jar + ": per-entry digests left");
                    Path original = Packages.dir().resolve("bc-signed").resolve(jar.getFileName());
                    try (java.util.jar.JarFile signed = new java.util.jar.JarFile(original.toFile())) {
                        assertEquals(classes(signed), classes(shipped), jar + " lost or gained classes");
                    }
                }
            }
        }
    }

    private static List<String> classes(java.util.jar.JarFile jar) {
        return jar.stream().map(java.util.zip.ZipEntry::getName).filter(n -> !n.startsWith("META-INF/")
                || n.startsWith("META-INF/versions/") || n.startsWith("META-INF/services/")).sorted().toList();
    }

    @Test
    void deviceHelpRunsWithOnlyARuntimeOnThePath() throws Exception {
        Command.Result r = ioswitch(Map.of(), Duration.ofMinutes(2), "device", "--help");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.output().contains("Usage: device"), r.describe());
    }

    @Test
    void demoRunsTenSecondsWithOnlyARuntimeOnThePath() throws Exception {
        Command.Result r = ioswitch(Map.of(), Duration.ofMinutes(3), "demo", "--seconds", "10");
        assertEquals(0, r.exitCode(), r.describe());
    }

    @Test
    void deviceMakesItsClassDataSharingArchiveOnceWhereItMayWriteAndUsesIt() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cds-cache"));
        Command.Result first = ioswitch(Map.of("XDG_CACHE_HOME", cache.toString()), Duration.ofMinutes(3),
                "device", "--help");
        assertEquals(0, first.exitCode(), first.describe());
        assertTrue(first.output().contains("making the class-data-sharing archive"), first.describe());
        // -Xshare:on: the JVM refuses to start unless it maps the archive it was given.
        Command.Result second = ioswitch(Map.of("XDG_CACHE_HOME", cache.toString(), "JDK_JAVA_OPTIONS",
                "-XX:+PrintCommandLineFlags -Xshare:on"), Duration.ofMinutes(2), "device", "--help");
        assertEquals(0, second.exitCode(), second.describe());
        assertFalse(second.output().contains("making the class-data-sharing archive"), second.describe());
        assertTrue(second.output().contains("-XX:SharedArchiveFile=" + cache + "/ioswitch/device-"), second.describe());
        try (var made = Files.list(cache.resolve("ioswitch"))) {
            assertEquals(1, made.filter(p -> p.toString().endsWith(".jsa")).count());
        }
        // IOSWITCH_JAVA_OPTS replaces the shipped settings, the archive with them.
        Command.Result own = ioswitch(Map.of("XDG_CACHE_HOME", cache.toString(), "IOSWITCH_JAVA_OPTS", "-Xmx40m",
                "JDK_JAVA_OPTIONS", "-XX:+PrintCommandLineFlags"), Duration.ofMinutes(2), "device", "--help");
        assertEquals(0, own.exitCode(), own.describe());
        assertFalse(own.output().contains("SharedArchiveFile"), own.describe());
    }

    @Test
    void deviceStartsWithoutAnArchiveWhereNoCacheIsWritable() throws Exception {
        Command.Result r = ioswitch(Map.of("XDG_CACHE_HOME", "/proc/no-cache-here", "JDK_JAVA_OPTIONS",
                "-XX:+PrintCommandLineFlags"), Duration.ofMinutes(2), "device", "--help");
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(r.output().contains("SharedArchiveFile"), r.describe());
        assertFalse(r.output().contains("making the class-data-sharing archive"), r.describe());
    }

    @Test
    void unknownToolIsAUsageError() throws Exception {
        Command.Result r = ioswitch(Map.of(), Duration.ofMinutes(1), "mvn");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.output().contains("unknown tool 'mvn'"), r.describe());
    }

    @Test
    void aJavaOlderThan17IsRefusedByName() throws Exception {
        Path old = Files.createDirectories(dir.resolve("jdk-11/bin"));
        Files.writeString(dir.resolve("jdk-11/release"), "JAVA_VERSION=\"11.0.2\"\n");
        Path java = old.resolve("java");
        Files.writeString(java, "#!/bin/bash\necho ran-the-old-java\n");
        java.toFile().setExecutable(true);
        Command.Result r = ioswitch(Map.of("JAVA_HOME", dir.resolve("jdk-11").toString()), Duration.ofMinutes(1),
                "device", "--help");
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.output().contains("is Java 11; ioswitch needs Java 17 or newer"), r.describe());
        assertFalse(r.output().contains("ran-the-old-java"), r.describe());
    }

    @Test
    void deviceRunsWithTheShippedPiSettingsUnlessIoswitchJavaOptsIsSet() throws Exception {
        // JDK_JAVA_OPTIONS reaches the JVM beside the launcher's options; PrintCommandLineFlags shows what it got.
        Map<String, String> print = Map.of("JDK_JAVA_OPTIONS", "-XX:+PrintCommandLineFlags");
        Command.Result shipped = ioswitch(print, Duration.ofMinutes(2), "device", "--help");
        assertEquals(0, shipped.exitCode(), shipped.describe());
        for (String flag : List.of("-XX:+UseSerialGC", "-XX:MaxHeapSize=12582912", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData")) {
            assertTrue(shipped.output().contains(flag), flag + " missing: " + shipped.describe());
        }
        Map<String, String> override = new HashMap<>(print);
        override.put("IOSWITCH_JAVA_OPTS", "-Xmx40m");
        Command.Result replaced = ioswitch(override, Duration.ofMinutes(2), "device", "--help");
        assertEquals(0, replaced.exitCode(), replaced.describe());
        assertTrue(replaced.output().contains("-XX:MaxHeapSize=41943040"), replaced.describe());
        assertFalse(replaced.output().contains("TieredStopAtLevel"), replaced.describe());
        // The server has no shipped settings: the JVM's own.
        Command.Result server = ioswitch(print, Duration.ofMinutes(2), "server", "--help");
        assertEquals(0, server.exitCode(), server.describe());
        assertFalse(server.output().contains("TieredStopAtLevel"), server.describe());
    }
}
