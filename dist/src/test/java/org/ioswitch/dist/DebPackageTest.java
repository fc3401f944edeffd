package org.ioswitch.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb as dpkg and lintian see it: its file list, its control fields and its maintainer scripts. */
class DebPackageTest {
    /** {@code dpkg-deb -c} lines by path (without the leading "."): "mode owner ... path[ -> target]". */
    private static Map<String, String> fileList() throws Exception {
        Command.Result r = Command.run(Packages.dir(), "dpkg-deb", "-c", Packages.deb().toString());
        assertEquals(0, r.exitCode(), r.describe());
        return r.output().lines().filter(l -> !l.isBlank()).collect(Collectors.toMap(
                l -> l.replaceFirst("^(\\S+\\s+){5}\\.", "").replaceFirst(" -> .*$", ""), l -> l));
    }

    @Test
    void installsTheLauncherLibUnitsConffileAndDocs() throws Exception {
        Map<String, String> files = fileList();
        String launcher = files.get("/usr/share/ioswitch/bin/ioswitch");
        assertTrue(launcher != null && launcher.startsWith("-rwxr-xr-x root/root"), "launcher: " + launcher);
        String link = files.get("/usr/bin/ioswitch");
        assertTrue(link != null && link.startsWith("l") && link.endsWith("-> ../share/ioswitch/bin/ioswitch"),
                "/usr/bin/ioswitch: " + link);
        for (String jar : List.of("ioswitch-device-", "ioswitch-server-", "ioswitch-switchbox-", "ioswitch-certs-",
                "ioswitch-demo-", "ioswitch-common-", "bcprov-jdk18on-", "bctls-jdk18on-", "tinylog-impl-", "picocli-")) {
            assertTrue(files.keySet().stream().anyMatch(p -> p.startsWith("/usr/share/ioswitch/lib/" + jar)
                    && p.endsWith(".jar")), "no " + jar + "*.jar in /usr/share/ioswitch/lib: " + files.keySet());
        }
        // The switchbox's cluster client lives in lib/switchbox/, which the launcher adds for the switchbox only.
        for (String jar : List.of("jetcd-core-", "grpc-netty-", "netty-handler-")) {
            assertTrue(files.keySet().stream().anyMatch(p -> p.startsWith("/usr/share/ioswitch/lib/switchbox/" + jar)
                    && p.endsWith(".jar")), "no " + jar + "*.jar in /usr/share/ioswitch/lib/switchbox");
        }
        assertEquals(List.of(), files.keySet().stream().filter(p -> p.matches(
                "/usr/share/ioswitch/lib/(jetcd|grpc|netty|vertx|protobuf|guava|slf4j)[^/]*")).toList(),
                "cluster client jars in the lib/ of every tool");
        String dir = files.get("/usr/share/ioswitch/lib/switchbox/");
        assertTrue(dir != null && dir.startsWith("drwxr-xr-x root/root"), "lib/switchbox/: " + dir);
        for (String unit : Packages.units()) {
            assertTrue(files.containsKey("/lib/systemd/system/" + unit), "no unit " + unit);
        }
        for (String p : List.of("/etc/default/ioswitch", "/usr/share/ioswitch/jvm/device.options",
                "/usr/share/doc/ioswitch/copyright", "/usr/share/doc/ioswitch/changelog.gz",
                "/usr/share/doc/ioswitch/install.md", "/usr/share/doc/ioswitch/examples/server/config.json",
                "/usr/share/doc/ioswitch/examples/device/config.json",
                "/usr/share/doc/ioswitch/examples/switchbox/config.json")) {
            assertTrue(files.containsKey(p), "no " + p);
        }
        String examples = files.get("/usr/share/doc/ioswitch/examples/device/");
        assertTrue(examples != null && examples.startsWith("drwxr-xr-x root/root"), "examples/device/: " + examples);
        // /etc/default/ioswitch is the conffile, not an example doc.
        assertFalse(files.containsKey("/usr/share/doc/ioswitch/examples/default-ioswitch"), "default-ioswitch twice");
        files.forEach((p, line) -> assertTrue(line.split("\\s+")[1].equals("root/root"), "not root-owned: " + line));
        // Built and tested things only: no test jars, sources or build files.
        assertFalse(files.keySet().stream().anyMatch(p -> p.endsWith("-tests.jar") || p.endsWith(".java")
                || p.endsWith("pom.xml")), "build leftovers: " + files.keySet());
        // State is made by postinst and systemd, never shipped: an upgrade must not overwrite it.
        assertFalse(files.keySet().stream().anyMatch(p -> p.startsWith("/var/")), "ships files under /var");
    }

    @Test
    void dependsOnAJava17HeadlessRuntimeAndAdduser() throws Exception {
        Command.Result r = Command.run(Packages.dir(), "dpkg-deb", "-f", Packages.deb().toString(),
                "Package", "Architecture", "Depends");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.output().contains("Package: ioswitch\n"), r.output());
        assertTrue(r.output().contains("Architecture: all\n"), r.output());
        assertTrue(r.output().contains("Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser"),
                r.output());
    }

    @Test
    void maintainerScriptsAreShellThatCreatesTheUserAndPurgesTheState(@TempDir Path dir) throws Exception {
        Command.Result r = Command.run(dir, "dpkg-deb", "-e", Packages.deb().toString(), dir.resolve("DEBIAN").toString());
        assertEquals(0, r.exitCode(), r.describe());
        Path control = dir.resolve("DEBIAN");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path s = control.resolve(script);
            assertTrue(Files.isExecutable(s), script + " is not executable");
            Command.Result syntax = Command.run(dir, "sh", "-n", s.toString());
            assertEquals(0, syntax.exitCode(), syntax.describe());
            assertTrue(Files.readString(s).startsWith("#!/bin/sh\n"), script + " does not start with #!/bin/sh");
        }
        assertEquals("/etc/default/ioswitch", Files.readString(control.resolve("conffiles")).strip());
        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("adduser --system"), postinst);
        assertTrue(postinst.contains("/var/lib/ioswitch"), postinst);
        String postrm = Files.readString(control.resolve("postrm"));
        assertTrue(postrm.contains("rm -rf /var/lib/ioswitch /var/cache/ioswitch"), postrm);
    }

    @Test
    void lintianReportsNoErrors() throws Exception {
        Command.Result r = Command.run(Packages.dir(), Map.of(), java.time.Duration.ofMinutes(5),
                List.of("lintian", "--fail-on", "error", Packages.deb().toString()));
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(r.output().lines().anyMatch(l -> l.startsWith("E: ")), r.describe());
    }
}
