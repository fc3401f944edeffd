package org.ioswitch.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.IssuedFiles;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.OrgDirectory;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed device (tarball launcher, shipped Pi settings) authenticates to a real home server, and what it
 * loaded on the way holds nothing of the server, the switchbox, the certificate tooling or the demo (DESIGN §2).
 */
class DeviceClassesTest {
    private static final Pattern LOADED = Pattern.compile("\\[class,load\\] (\\S+) source: ");
    private static final List<String> NOT_ON_A_DEVICE = List.of("org.ioswitch.server.", "org.ioswitch.switchbox.",
            "org.ioswitch.certs.", "org.ioswitch.demo.");

    @TempDir
    Path dir;

    @Test
    void deviceWithShippedSettingsAuthenticatesWithoutLoadingServerOrCertsClasses() throws Exception {
        Path home = Packages.unpackTarball(Files.createDirectories(dir.resolve("install")));
        Path serverDir = Files.createDirectories(dir.resolve("server"));
        OrgCa ca = OrgCa.create("pekkahome");
        OrgDirectory org = new OrgDirectory(serverDir, "pekkahome");
        org.save(ca, null, false);
        Path root = org.rootCertificate();
        IssuedFiles.of(serverDir, "server").write(
                ca.issue(CertSpec.server("localhost").dns("localhost").ip("127.0.0.1").build()), null);
        AccountStore.open(serverDir).add(Account.create("pekkahome", "gina3", AccountKind.DEVICE, "devpw".toCharArray()));
        TlsOptions tls = TlsOptions.builder().certificate(serverDir.resolve("server.crt"))
                .privateKey(serverDir.resolve("server.key")).trust(root)
                .clientCertificates(ClientCertificates.OPTIONAL).requiredLevel(SecurityLevel.TLS).build();
        try (HomeServer server = HomeServer.start(ServerOptions.builder().dir(serverDir).listen("127.0.0.1", 0)
                .tls(tls).build())) {
            String address = "127.0.0.1:" + ((InetSocketAddress) server.address()).getPort();
            Path deviceDir = dir.resolve("device");
            Command.Result init = launcher(home, Map.of(), "device", "init", "--id", "gina3.pekkahome", "--server",
                    address, "--password", "devpw", "--trust", root.toString(), "--dir", deviceDir.toString());
            assertEquals(0, init.exitCode(), init.describe());

            Path log = dir.resolve("classes.log");
            List<String> said = runUntil(home, Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log),
                    "authenticated to ", "device", "run", "--dir", deviceDir.toString(), "--simulate");
            List<String> loaded = loadedClasses(log);
            assertTrue(loaded.contains("org.ioswitch.device.runtime.Device"), "class log misses the device: " + said);
            assertEquals(List.of(), loaded.stream().filter(c -> NOT_ON_A_DEVICE.stream().anyMatch(c::startsWith)).toList());
            // TLS on the JDK's providers (TlsProviders.jdkOnly): BouncyCastle's JCA provider never registers its
            // algorithms (each family is a *$Mappings class), and the JDK's cacerts is never read (a device trusts
            // its own organization's root only).
            assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("org.bouncycastle.jcajce.provider.")
                    && c.endsWith("$Mappings")).toList());
            assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("sun.security.ssl.TrustStoreManager"))
                    .toList());
        }
    }

    @Test
    void theSameCheckSeesServerClassesInTheServer() throws Exception {
        Path home = Packages.unpackTarball(Files.createDirectories(dir.resolve("install")));
        Path log = dir.resolve("server-classes.log");
        Command.Result r = launcher(home, Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log),
                "server", "--help");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(loadedClasses(log).stream().anyMatch(c -> c.startsWith("org.ioswitch.server.")));
    }

    private static List<String> loadedClasses(Path log) throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LOADED.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private Map<String, String> env(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>();
        Path path = dir.resolve("path");
        env.put("PATH", (Files.isDirectory(path) ? path : Packages.runtimeOnlyPath(dir)).toString());
        env.put("HOME", dir.toString());
        env.put("JAVA_HOME", null);
        env.put("IOSWITCH_JAVA_OPTS", null);
        env.put("JDK_JAVA_OPTIONS", null);
        env.putAll(extra);
        return env;
    }

    private Command.Result launcher(Path home, Map<String, String> extra, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/ioswitch").toString()));
        cmd.addAll(List.of(args));
        return Command.run(dir, env(extra), Duration.ofMinutes(2), cmd);
    }

    /** Starts the launcher, waits (60 s) for a line containing {@code ready}, then stops it with SIGTERM. */
    private List<String> runUntil(Path home, Map<String, String> extra, String ready, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/ioswitch").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        env(extra).forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        List<String> said = new ArrayList<>();
        java.util.concurrent.CompletableFuture<Boolean> seen = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (said) {
                        said.add(l);
                    }
                    if (l.contains(ready)) {
                        return true;
                    }
                }
                return false;
            } catch (java.io.IOException e) {
                return false;
            }
        }, runnable -> Threads.start("device-output", runnable));
        try {
            Boolean ok = seen.get(60, TimeUnit.SECONDS);
            synchronized (said) {
                assertTrue(ok, "the device ended before '" + ready + "': " + said);
                return new ArrayList<>(said);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            synchronized (said) {
                throw new AssertionError("no '" + ready + "' within 60 s: " + said);
            }
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
