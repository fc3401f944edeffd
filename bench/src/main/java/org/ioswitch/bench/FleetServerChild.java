package org.ioswitch.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.registry.Block;
import org.ioswitch.server.registry.Network;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;

/**
 * The home server alone in a child JVM for {@code fleet} (its own {@code -Xmx}, killed and started again for the
 * reconnect storm). Prints {@code READY port virtualThreads}; then answers {@code synced} with
 * {@code SYNCED online synced} and {@code stats} with {@code STATS usedHeap maxHeap platformThreads rssKiB online
 * synced} (heap after full GCs), {@code metrics} with {@code METRICS} and the handshake lines of its {@code /metrics};
 * {@code quit} ends it. A device is synced when it is online and the server's copy of
 * its {@code exp} is the image it publishes ({@link FleetDevices#image}).
 */
public final class FleetServerChild {
    private static final Logger BCJSSE_LOG = Logger.getLogger("org.bouncycastle.jsse");

    private FleetServerChild() {
    }

    /** The organization of a run in {@code dir}: the server certificate and the root this child reads from there. */
    static Pki pki(Path dir) throws Exception {
        return new Pki(dir, ORG, "server");
    }

    private static final String ORG = "fleetorg";

    /** {@code FleetServerChild DIR PORT}: DIR holds {@link #pki}'s files and accounts.json. */
    public static void main(String[] args) throws Exception {
        System.setProperty("tinylog.configuration", "tinylog-bench.properties");
        BCJSSE_LOG.setLevel(Level.SEVERE);
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            h.setLevel(Level.SEVERE);
        }
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        TlsOptions tls = TlsOptions.builder().certificate(dir.resolve("server.crt"))
                .privateKey(dir.resolve("server.key"))
                .trust(dir.resolve(ORG + "-root.crt")).clientCertificates(ClientCertificates.OPTIONAL)
                .requiredLevel(SecurityLevel.TLS).build();
        long t0 = System.nanoTime();
        // Thousands of devices from 127.0.0.1, reconnecting in storms: the connection caps are not what is measured.
        try (HomeServer server = HomeServer.start(ServerOptions.builder().dir(dir).listen("127.0.0.1", port).tls(tls)
                .caps(new ConnectionCaps.Limits(1_000_000, 100_000)).build())) {
            System.err.printf("  server child: JVM up %d ms, then HomeServer.start %d ms%n",
                    ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - t0) / 1_000_000,
                    (System.nanoTime() - t0) / 1_000_000);
            System.out.println("READY " + server.address().getPort() + " " + Threads.virtual());
            System.out.flush();
            Network network = server.registry().network(FleetDevices.NETWORK);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.equals("synced")) {
                    int[] s = synced(network);
                    System.out.println("SYNCED " + s[0] + " " + s[1]);
                } else if (line.equals("stats")) {
                    long used = SwitchboxChild.usedAfterGc();
                    int[] s = synced(network);
                    System.out.println("STATS " + used + " " + Runtime.getRuntime().maxMemory() + " "
                            + ManagementFactory.getThreadMXBean().getThreadCount() + " " + SwitchboxChild.rssKiB() + " "
                            + s[0] + " " + s[1]);
                } else if (line.equals("metrics")) {
                    System.out.println("METRICS " + handshakeMetrics(server.metricsText()));
                } else {
                    System.out.println("ERROR unknown command '" + line + "'");
                }
                System.out.flush();
            }
        }
    }

    /**
     * The lines of the server's {@code /metrics} about handshakes (bound, queue, failures by reason) as {@code name{labels}
     * value} joined by {@code ", "}, without the help and type lines.
     */
    static String handshakeMetrics(String prometheusText) {
        StringBuilder b = new StringBuilder();
        for (String l : prometheusText.split("\n")) {
            if (!l.startsWith("#") && (l.contains("handshake") || l.contains("capped"))) {
                b.append(b.isEmpty() ? "" : ", ").append(l.replace("ioswitch_", ""));
            }
        }
        return b.toString();
    }

    /** Online devices, and how many of them the server holds the right {@code exp} of. */
    private static int[] synced(Network network) {
        int online = 0;
        int synced = 0;
        for (Network.DeviceView d : network.devices()) {
            if (!d.online()) {
                continue;
            }
            online++;
            for (Block b : d.blocks()) {
                long index = FleetDevices.indexIn(b.image());
                if (b.name().equals("exp") && FleetDevices.id((int) index).equals(d.deviceId())) {
                    synced++;
                }
            }
        }
        return new int[] {online, synced};
    }
}
