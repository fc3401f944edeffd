package org.ioswitch.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.SwitchboxServer;

/**
 * The switchbox alone in a child JVM (started by {@code relay-memory} with its own {@code -Xmx}), so its heap can be
 * measured without the clients and home servers around it. Prints {@code READY port}; then answers each {@code heap}
 * line on stdin with {@code HEAP used committed max threads rssKiB relays tunnels fds} after a full GC; {@code quit} ends it.
 */
public final class SwitchboxChild {
    private static final Logger BCJSSE_LOG = Logger.getLogger("org.bouncycastle.jsse");

    private SwitchboxChild() {
    }

    /** {@code SwitchboxChild DIR}: DIR holds switchbox.crt, switchbox.key and accounts.json. */
    public static void main(String[] args) throws Exception {
        System.setProperty("tinylog.configuration", "tinylog-bench.properties");
        BCJSSE_LOG.setLevel(Level.SEVERE);
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            h.setLevel(Level.SEVERE);
        }
        Path dir = Path.of(args[0]);
        TlsOptions tls = TlsOptions.builder().certificate(dir.resolve("switchbox.crt"))
                .privateKey(dir.resolve("switchbox.key")).requiredLevel(SecurityLevel.TLS)
                .clientCertificates(ClientCertificates.NONE).build();
        // Idle relayed streams are the point of this run: the idle sweep must not end them.
        try (SwitchboxServer box = SwitchboxServer.start(SwitchboxOptions.builder().bind("127.0.0.1").port(0).tls(tls)
                .accountsFile(dir.resolve("accounts.json")).idleTimeout(Duration.ofHours(1))
                .helloTimeout(Duration.ofSeconds(60))
                // Every client comes from 127.0.0.1 and there are 10,000 of them: the caps are not what is measured.
                .caps(new ConnectionCaps.Limits(1_000_000, 100_000)).build())) {
            System.out.println("READY " + box.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.equals("heap")) {
                    System.out.println("HEAP " + usedAfterGc() + " " + Runtime.getRuntime().totalMemory() + " "
                            + Runtime.getRuntime().maxMemory() + " " + Thread.activeCount() + " " + rssKiB() + " "
                            + box.router().relayCount() + " " + box.router().tunnels().size() + " " + fds());
                    System.out.flush();
                }
            }
        }
    }

    /** Used heap after three full GCs. */
    static long usedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        // Several rounds: one full GC may leave objects that only a later cycle reclaims (finalizable, soft).
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Open file descriptors of this process (sockets included), from /proc. */
    private static int fds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (Exception e) {
            return -1;
        }
    }

    /** This process's resident set from /proc/self/status, KiB; -1 if unknown. */
    static long rssKiB() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
