package org.ioswitch.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the .deb on this machine, runs it, reinstalls it over its own state, removes and purges it.
 *
 * <p>It changes the machine (a package, a system user, /var/lib/ioswitch), so it runs only where that is the point:
 * in CI ({@code CI=true}, set by the CI runner on its throwaway root machine), or by hand with {@code CI=true mvn -pl
 * dist -am verify}. It must then run as root: it fails, rather than skips, when it cannot install.
 */
@EnabledIfEnvironmentVariable(named = "CI", matches = "true")
class DebInstallTest {
    private static final Duration DPKG = Duration.ofMinutes(5);
    /** The same PATH a service gets: the system's java, no Maven needed (and none looked for). */
    private static final Map<String, String> SYSTEM_ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin",
            "DEBIAN_FRONTEND", "noninteractive");

    @TempDir
    Path dir;

    private Command.Result run(Duration deadline, String... cmd) throws Exception {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(SYSTEM_ENV);
        env.put("JAVA_HOME", null);
        env.put("IOSWITCH_JAVA_OPTS", null);
        return Command.run(dir, env, deadline, List.of(cmd));
    }

    private void ok(Duration deadline, String... cmd) throws Exception {
        Command.Result r = run(deadline, cmd);
        assertEquals(0, r.exitCode(), r.describe());
    }

    @Test
    void installsRunsKeepsStateOverAnUpgradeAndPurgesClean() throws Exception {
        assertEquals("0", run(Duration.ofSeconds(30), "id", "-u").output().strip(),
                "installing the .deb needs root (CI runs as root)");
        run(DPKG, "dpkg", "--purge", "ioswitch"); // a leftover of an earlier, interrupted run
        Path deb = dir.resolve(Packages.deb().getFileName());
        Files.copy(Packages.deb(), deb); // apt reads a local .deb as user _apt: not from a root-only temp dir
        deb.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        try {
            ok(DPKG, "apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", deb.toString());
            assertInstalled();

            ok(Duration.ofMinutes(3), "/usr/bin/ioswitch", "demo", "--seconds", "10");
            // What a unit runs, as the service user: the launcher works without a home or a writable cwd.
            ok(Duration.ofMinutes(2), "runuser", "-u", "ioswitch", "--", "/usr/bin/ioswitch", "device", "--help");
            // As the unit runs it (CacheDirectory=ioswitch): the device's class-data-sharing archive goes to the cache.
            ok(Duration.ofMinutes(3), "runuser", "-u", "ioswitch", "--", "env", "CACHE_DIRECTORY=/var/cache/ioswitch",
                    "/usr/bin/ioswitch", "device", "--help");
            try (var cached = Files.list(Path.of("/var/cache/ioswitch"))) {
                assertTrue(cached.anyMatch(p -> p.getFileName().toString().matches("device-\\d+\\.jsa")),
                        "no archive in /var/cache/ioswitch");
            }

            // An upgrade (here: the same version again) keeps the state and the admin's /etc/default/ioswitch.
            Path marker = Path.of("/var/lib/ioswitch/device/kept-across-upgrades");
            Files.writeString(marker, "state");
            Files.writeString(Path.of("/etc/default/ioswitch"), "IOSWITCH_DEVICE_ARGS=--simulate\n",
                    java.nio.file.StandardOpenOption.APPEND);
            ok(DPKG, "apt-get", "install", "-y", "-q", "--reinstall", "-o", "DPkg::Lock::Timeout=300",
                    "-o", "Dpkg::Options::=--force-confold", deb.toString());
            assertEquals("state", Files.readString(marker));
            assertTrue(Files.readString(Path.of("/etc/default/ioswitch")).contains("IOSWITCH_DEVICE_ARGS=--simulate"));

            // Remove keeps state and configuration; purge takes them.
            ok(DPKG, "dpkg", "--remove", "ioswitch");
            assertFalse(Files.exists(Path.of("/usr/bin/ioswitch"), LinkOption.NOFOLLOW_LINKS));
            assertTrue(Files.exists(marker), "remove must keep /var/lib/ioswitch");
            assertTrue(Files.exists(Path.of("/etc/default/ioswitch")), "remove must keep the conffile");
        } finally {
            ok(DPKG, "dpkg", "--purge", "ioswitch");
        }
        for (String gone : List.of("/usr/bin/ioswitch", "/usr/share/ioswitch", "/usr/share/doc/ioswitch",
                "/etc/default/ioswitch", "/var/lib/ioswitch", "/var/cache/ioswitch",
                "/lib/systemd/system/ioswitch-device.service", "/lib/systemd/system/ioswitch-server.service",
                "/lib/systemd/system/ioswitch-switchbox.service")) {
            assertFalse(Files.exists(Path.of(gone), LinkOption.NOFOLLOW_LINKS), gone + " is left after purge");
        }
        Command.Result status = run(DPKG, "dpkg-query", "-W", "-f=${Status}", "ioswitch");
        assertFalse(status.output().contains("installed"), status.describe());
        // Kept by design (Debian's practice for system users): files elsewhere may still belong to its uid.
        assertEquals(0, run(Duration.ofSeconds(30), "getent", "passwd", "ioswitch").exitCode(),
                "purge keeps the system user ioswitch");
    }

    private void assertInstalled() throws Exception {
        assertEquals("../share/ioswitch/bin/ioswitch", Files.readSymbolicLink(Path.of("/usr/bin/ioswitch")).toString());
        Command.Result user = run(Duration.ofSeconds(30), "getent", "passwd", "ioswitch");
        assertEquals(0, user.exitCode(), "no system user ioswitch: " + user.describe());
        assertTrue(user.output().contains(":/var/lib/ioswitch:/usr/sbin/nologin"), user.output());
        for (String tool : List.of("device", "server", "switchbox")) {
            Path state = Path.of("/var/lib/ioswitch", tool);
            PosixFileAttributes a = Files.readAttributes(state, PosixFileAttributes.class);
            assertEquals("ioswitch", a.owner().getName(), state.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(a.permissions()), state.toString());
            Command.Result verify = run(Duration.ofMinutes(1), "systemd-analyze", "verify",
                    "/lib/systemd/system/ioswitch-" + tool + ".service");
            assertEquals(0, verify.exitCode(), verify.describe());
            assertEquals("", verify.output().strip(), verify.describe());
        }
    }
}
