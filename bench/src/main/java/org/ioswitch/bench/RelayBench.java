package org.ioswitch.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ioswitch.bench.RelayRig.Conn;
import org.ioswitch.bench.RelayRig.Route;

/**
 * Through the switchbox vs direct, in one run: bulk throughput over one connection (64 KiB writes, counted by the
 * home service) and the latency of 8-byte stamped updates from a client to the home service (one in flight), for a
 * direct TLS connection, the switchbox end to end (the default: inner TLS inside the outer TLS and the tunnel's TLS),
 * the switchbox with RELAY_CLEAR, and stunnel as a TLS-to-TLS relay (the outside reference). Then signal updates
 * with the real device, home server (its uplink publishing to the switchbox) and operator client, direct and relayed.
 */
final class RelayBench {
    private static final Duration CONNECTION_WARMUP = Duration.ofMillis(500);
    private static final Map<Route, String> NAMES = new EnumMap<>(Map.of(
            Route.DIRECT, "(a) direct TLS client -> home",
            Route.SWITCHBOX_E2E, "(b) switchbox, end to end (default)",
            Route.SWITCHBOX_CLEAR, "(c) switchbox, RELAY_CLEAR",
            Route.STUNNEL, "(d) stunnel TLS-to-TLS relay (reference)"));

    private final Duration measure;
    private final int rounds;
    private final int updates;
    private final boolean signals;
    private final boolean threadDetail;
    private final PrintStream out;

    RelayBench(Duration measure, int rounds, int updates, boolean signals, boolean threadDetail, PrintStream out) {
        this.measure = measure;
        this.rounds = rounds;
        this.updates = updates;
        this.signals = signals;
        this.threadDetail = threadDetail;
        this.out = out;
    }

    void run() throws Exception {
        long start = System.nanoTime();
        Machine.header(out, "relay");
        try (RelayRig rig = new RelayRig()) {
            Optional<String> exe = Stunnel.find();
            Stunnel stunnel = null;
            List<Route> routes = new ArrayList<>(List.of(Route.DIRECT, Route.SWITCHBOX_E2E, Route.SWITCHBOX_CLEAR));
            if (exe.isPresent()) {
                stunnel = Stunnel.start(exe.get(), rig.dir, rig.cloud.serverCert, rig.cloud.serverKey,
                        rig.directPort());
                routes.add(Route.STUNNEL);
                out.println("outside reference: " + stunnel.version());
            } else {
                out.println("stunnel not found (install: apt-get install -y stunnel4): the stunnel reference row is"
                        + " skipped");
            }
            int stunnelPort = stunnel == null ? 0 : stunnel.port();
            try {
                Map<Route, List<Double>> bulk = new EnumMap<>(Route.class);
                Map<Route, Latencies> lat = new EnumMap<>(Route.class);
                Map<Route, List<BulkRound>> cpu = new EnumMap<>(Route.class);
                for (Route r : routes) {
                    bulk.put(r, new ArrayList<>());
                    cpu.put(r, new ArrayList<>());
                    lat.put(r, new Latencies(NAMES.get(r)));
                    try (Conn c = rig.connect(r, stunnelPort)) {
                        out.printf("%s: %s%n", NAMES.get(r), c.describe());
                    }
                }
                out.printf("warming up each configuration for %d ms...%n", Warmup.TIME.toMillis());
                for (Route r : routes) {
                    bulk(rig, r, stunnel, Warmup.TIME, Duration.ofMillis(100));
                    latency(rig, r, stunnelPort, null, Warmup.TIME);
                }
                int perRound = Math.max(1, updates / rounds);
                for (int round = 0; round < rounds; round++) {
                    List<Route> order = new ArrayList<>(routes);
                    if (round % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    StringBuilder line = new StringBuilder();
                    for (Route r : order) {
                        BulkRound b = bulk(rig, r, stunnel, CONNECTION_WARMUP, measure);
                        double mibs = b.mibs();
                        bulk.get(r).add(mibs);
                        cpu.get(r).add(b);
                        Latencies l = lat.get(r);
                        l.startRound();
                        latencyCount(rig, r, stunnelPort, l, perRound);
                        l.endRound();
                        line.append(String.format("%s %.0f MiB/s p50 %.0f µs; ", NAMES.get(r).substring(0, 3), mibs,
                                l.roundP50.get(round)));
                    }
                    out.printf("round %d/%d: %s%n", round + 1, rounds, line);
                }
                print(routes, bulk, lat);
                printCpu(routes, cpu);
            } finally {
                if (stunnel != null) {
                    stunnel.close();
                }
            }
        }
        if (signals) {
            signals();
        }
        Machine.footer(out, "relay", start);
    }

    /**
     * Signal updates device → home server → operator with the real device, server and operator client: all direct,
     * the device through the switchbox (end to end), and device and operator both through it.
     */
    private void signals() throws Exception {
        out.println();
        out.println("signal updates through the switchbox: starting the home server with its uplink...");
        List<String> names = List.of("(s1) device and operator direct", "(s2) device via switchbox, operator direct",
                "(s3) device and operator via switchbox");
        List<AutoCloseable> open = new ArrayList<>();
        try (HomeRig rig = new HomeRig(true)) {
            org.ioswitch.common.block.SignalMap map = org.ioswitch.common.block.SignalMap.parse(SignalProbe.MAP,
                    "relay signal map");
            boolean[][] relayed = {{false, false}, {true, false}, {true, true}};
            List<SignalProbe> probes = new ArrayList<>();
            List<Latencies> lat = new ArrayList<>();
            try {
                for (int i = 0; i < names.size(); i++) {
                    org.ioswitch.device.runtime.Device d = rig.device(map, i + 1, relayed[i][0]);
                    open.add(d);
                    org.ioswitch.device.operator.OperatorClient op = rig.operator(relayed[i][1]);
                    open.add(op);
                    probes.add(new SignalProbe(d, op, names.get(i)));
                    lat.add(new Latencies(names.get(i)));
                }
                for (SignalProbe p : probes) {
                    long end = System.nanoTime() + Warmup.TIME.toNanos();
                    while (System.nanoTime() < end) {
                        p.once();
                    }
                }
                int perRound = Math.max(1, updates / rounds);
                for (int round = 0; round < rounds; round++) {
                    StringBuilder line = new StringBuilder();
                    for (int k = 0; k < probes.size(); k++) {
                        int i = round % 2 == 0 ? k : probes.size() - 1 - k;
                        Latencies l = lat.get(i);
                        l.startRound();
                        for (int n = 0; n < perRound; n++) {
                            l.record(probes.get(i).once());
                        }
                        l.endRound();
                        line.append(String.format("%s p50 %.0f µs; ", names.get(i).substring(0, 4),
                                l.roundP50.get(round)));
                    }
                    out.printf("signal round %d/%d: %s%n", round + 1, rounds, line);
                }
            } finally {
                for (int i = open.size() - 1; i >= 0; i--) {
                    open.get(i).close();
                }
            }
            out.println();
            out.printf("Signal latency device -> home server -> operator (real device, server, operator client), one"
                    + " update in flight, %d per configuration%n", lat.get(0).count());
            out.println(Latencies.headerRow(44));
            lat.forEach(l -> out.println(l.row(44)));
            for (int i = 1; i < lat.size(); i++) {
                out.printf("added by %s: p50 %+.0f µs, p99 %+.0f µs%n", names.get(i), lat.get(i).p50()
                        - lat.get(0).p50(), lat.get(i).p99() - lat.get(0).p99());
            }
        }
    }

    /** One bulk run: MiB/s seen by the home service, and the CPU seconds each hop spent per MiB in the window. */
    record BulkRound(double mibs, Map<HopCpu.Hop, Double> cpuPerMib, Map<String, Double> threadsPerMib,
            double otherBusiestPerMib) {}

    /**
     * One connection along {@code r}: 64 KiB writes for {@code warm} untimed, then {@code measure} counted; the CPU
     * snapshots are taken inside the window, while the connection (and the relay threads that live as long) is open.
     */
    static BulkRound bulk(RelayRig rig, Route r, Stunnel stunnel, Duration warm, Duration measure)
            throws Exception {
        int stunnelPort = stunnel == null ? 0 : stunnel.port();
        HopCpu cpu = new HopCpu(Thread.currentThread().getId(), r == Route.STUNNEL ? stunnel.pid() : 0);
        try (Conn c = rig.connect(r, stunnelPort)) {
            OutputStream o = c.out();
            o.write('B');
            byte[] chunk = new byte[RawTls.CHUNK];
            new SplittableRandom(1).nextBytes(chunk);
            writeFor(o, chunk, warm);
            HopCpu.Snapshot s0 = cpu.snapshot();
            long b0 = rig.received.get();
            long t0 = System.nanoTime();
            writeFor(o, chunk, measure);
            long b1 = rig.received.get();
            long t1 = System.nanoTime();
            HopCpu.Snapshot s1 = cpu.snapshot();
            double mib = (b1 - b0) / 1048576.0;
            Map<HopCpu.Hop, Double> perMib = new EnumMap<>(HopCpu.Hop.class);
            HopCpu.since(s0, s1).forEach((hop, sec) -> perMib.put(hop, sec / mib));
            Map<String, Double> threads = new TreeMap<>();
            HopCpu.perThread(s0, s1).forEach((name, sec) -> threads.put(name, sec / mib));
            return new BulkRound(mib / ((t1 - t0) / 1e9), perMib, threads,
                    HopCpu.otherBusiestThread(s0, s1) / mib);
        }
    }

    private static void writeFor(OutputStream out, byte[] chunk, Duration d) throws IOException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            out.write(chunk);
            out.flush();
        }
    }

    /** Stamped 8-byte updates for {@code d}, unrecorded (warm-up). */
    private static void latency(RelayRig rig, Route r, int stunnelPort, Latencies l, Duration d) throws Exception {
        try (Conn c = rig.connect(r, stunnelPort)) {
            Pinger p = new Pinger(rig, c);
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < end) {
                p.once();
            }
        }
    }

    static void latencyCount(RelayRig rig, Route r, int stunnelPort, Latencies l, int n) throws Exception {
        try (Conn c = rig.connect(r, stunnelPort)) {
            Pinger p = new Pinger(rig, c);
            for (int i = 0; i < 200; i++) {
                p.once(); // a fresh connection's first round trips are not what a running link sees
            }
            for (int i = 0; i < n; i++) {
                l.record(p.once());
            }
        }
    }

    /** One stamped 8-byte update to the home service, its one-way latency, then its echo to pace the next. */
    private static final class Pinger {
        private final RelayRig rig;
        private final OutputStream o;
        private final DataInputStream in;
        private final byte[] m = new byte[8];

        Pinger(RelayRig rig, Conn c) throws IOException {
            this.rig = rig;
            this.o = c.out();
            this.in = new DataInputStream(c.in());
            rig.arrivals.clear();
            o.write('E');
        }

        long once() throws IOException, InterruptedException {
            long stamp = System.nanoTime();
            RawTls.writeLong(m, 0, stamp);
            o.write(m);
            o.flush();
            long latency = Arrival.await(rig.arrivals, stamp, "relay latency");
            in.readFully(m);
            return latency;
        }
    }

    private void print(List<Route> routes, Map<Route, List<Double>> bulk, Map<Route, Latencies> lat) {
        out.println();
        out.printf("Bulk throughput, one connection, 64 KiB writes; %d interleaved rounds of %d s, medians%n", rounds,
                measure.toSeconds());
        out.printf("%-44s %9s   %-12s %10s%n", "configuration", "MiB/s", "rounds", "/ direct");
        double direct = Stats.median(bulk.get(Route.DIRECT));
        for (Route r : routes) {
            double m = Stats.median(bulk.get(r));
            out.printf("%-44s %9.0f   %-12s %10.2f%n", NAMES.get(r), m, Stats.spread(bulk.get(r)), m / direct);
        }
        out.printf("relayed/direct goal >= 0.70 (issue 5): end to end %s, RELAY_CLEAR %s; stunnel on this kind of"
                + " machine: 0.55-0.65 (tls-performance.md)%n",
                Stats.median(bulk.get(Route.SWITCHBOX_E2E)) / direct >= 0.7 ? "MET" : "MISSED",
                Stats.median(bulk.get(Route.SWITCHBOX_CLEAR)) / direct >= 0.7 ? "MET" : "MISSED");
        out.println();
        out.printf("One-way latency of 8-byte updates client -> home, one in flight, %d per configuration%n",
                lat.get(Route.DIRECT).count());
        out.println(Latencies.headerRow(44));
        for (Route r : routes) {
            out.println(lat.get(r).row(44));
        }
        Latencies d = lat.get(Route.DIRECT);
        for (Route r : routes) {
            if (r != Route.DIRECT) {
                Latencies l = lat.get(r);
                out.printf("added by %s: p50 %+.0f µs, p99 %+.0f µs%n", NAMES.get(r), l.p50() - d.p50(),
                        l.p99() - d.p99());
            }
        }
        if (routes.contains(Route.STUNNEL)) {
            Latencies st = lat.get(Route.STUNNEL);
            for (Route r : List.of(Route.SWITCHBOX_E2E, Route.SWITCHBOX_CLEAR)) {
                Latencies l = lat.get(r);
                out.printf("added latency / stunnel's, %s: p50 %.2f, p99 %.2f%n", NAMES.get(r),
                        (l.p50() - d.p50()) / (st.p50() - d.p50()), (l.p99() - d.p99()) / (st.p99() - d.p99()));
            }
        }
    }

    /**
     * The CPU each hop spent per MiB, and what it implies: measured ratios are printed above; here a projection for
     * hops on machines of their own, and the CPU-bound ceiling of this shared machine, both computed from the
     * measured CPU times.
     */
    private void printCpu(List<Route> routes, Map<Route, List<BulkRound>> cpu) {
        out.println();
        if (!HopCpu.supported()) {
            out.println("thread CPU time cannot be measured in this JVM: no per-hop CPU table");
            return;
        }
        if (org.ioswitch.common.thread.Threads.virtual()) {
            out.println("NOTE: the product runs on virtual threads in this JVM; their CPU time shows as unattributed,"
                    + " so the per-hop figures below are incomplete (run on Java 17 for this table)");
        }
        List<HopCpu.Hop> hops = List.of(HopCpu.Hop.CLIENT, HopCpu.Hop.SWITCHBOX, HopCpu.Hop.STUNNEL, HopCpu.Hop.HOME,
                HopCpu.Hop.OTHER);
        out.printf("CPU per MiB of bulk by hop (ms of CPU per MiB, user + system, thread CPU time summed by thread"
                + " name; stunnel from /proc; medians of %d rounds)%n", rounds);
        out.printf("%-44s %8s %10s %8s %8s %13s %8s%n", "configuration", "client", "switchbox", "stunnel", "home",
                "unattributed", "total");
        Map<Route, Map<HopCpu.Hop, Double>> med = new EnumMap<>(Route.class);
        Map<Route, Double> total = new EnumMap<>(Route.class);
        for (Route r : routes) {
            Map<HopCpu.Hop, Double> m = new EnumMap<>(HopCpu.Hop.class);
            for (HopCpu.Hop h : HopCpu.Hop.values()) {
                m.put(h, Stats.median(cpu.get(r).stream().map(b -> b.cpuPerMib().get(h)).toList()));
            }
            med.put(r, m);
            total.put(r, Stats.median(cpu.get(r).stream()
                    .map(b -> b.cpuPerMib().values().stream().mapToDouble(Double::doubleValue).sum()).toList()));
            out.printf("%-44s %8.2f %10.2f %8.2f %8.2f %13.2f %8.2f%n", NAMES.get(r), ms(m, HopCpu.Hop.CLIENT),
                    ms(m, HopCpu.Hop.SWITCHBOX), ms(m, HopCpu.Hop.STUNNEL), ms(m, HopCpu.Hop.HOME),
                    ms(m, HopCpu.Hop.OTHER), total.get(r) * 1000);
        }
        if (routes.contains(Route.STUNNEL)) {
            double stunnelCpu = med.get(Route.STUNNEL).get(HopCpu.Hop.STUNNEL);
            double e2e = med.get(Route.SWITCHBOX_E2E).get(HopCpu.Hop.SWITCHBOX) / stunnelCpu;
            double clear = med.get(Route.SWITCHBOX_CLEAR).get(HopCpu.Hop.SWITCHBOX) / stunnelCpu;
            out.printf("relay row (issue 16): switchbox CPU per relayed MiB / stunnel's for the same TLS-to-TLS job:"
                    + " end to end %.2f, RELAY_CLEAR %.2f; target <= 0.70: %s%n", e2e, clear,
                    Math.min(e2e, clear) <= 0.7 ? "MET" : "MISSED");
        }
        if (threadDetail) {
            for (Route r : routes) {
                out.printf("  threads of %s (ms/MiB, last round):%n", NAMES.get(r));
                List<BulkRound> rs = cpu.get(r);
                rs.get(rs.size() - 1).threadsPerMib().forEach((name, v) -> out.printf("    %-70s %7.2f%n", name,
                        v * 1000));
            }
        }
        out.println();
        out.println("PROJECTION (computed from the CPU above, not measured): each hop on a core/machine of its own,"
                + " throughput ~ 1 / (slowest hop's CPU s per MiB); unattributed CPU and the network left out."
                + " Last columns: the same with a core per thread (1 / busiest thread), the bound for multi-core hops");
        out.printf("%-44s %-26s %12s %10s %18s %10s%n", "configuration", "slowest hop (ms/MiB)", "proj. MiB/s",
                "/ direct", "busiest thread ms", "/ direct");
        double directProjection = projection(med.get(Route.DIRECT));
        double directBusiest = busiestThread(cpu.get(Route.DIRECT));
        for (Route r : routes) {
            Map<HopCpu.Hop, Double> m = med.get(r);
            HopCpu.Hop slowest = slowest(m);
            double p = projection(m);
            double busiest = busiestThread(cpu.get(r));
            out.printf("%-44s %-26s %12.0f %10.2f %18.2f %10.2f%n", NAMES.get(r),
                    String.format("%s %.2f", slowest.label, m.get(slowest) * 1000), p, p / directProjection,
                    busiest * 1000, directBusiest / busiest);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        out.println();
        out.printf("CPU-bound ceiling on this machine (computed): %d cores / all CPU per MiB (every hop and the"
                + " unattributed CPU); compare with the measured ratio%n", cores);
        out.printf("%-44s %12s %10s %14s%n", "configuration", "ceil. MiB/s", "/ direct", "measured ratio");
        double directCeiling = cores / total.get(Route.DIRECT);
        for (Route r : routes) {
            double c = cores / total.get(r);
            out.printf("%-44s %12.0f %10.2f %14s%n", NAMES.get(r), c, c / directCeiling,
                    String.format("%.2f", measuredRatio(cpu, r)));
        }
    }

    private static double ms(Map<HopCpu.Hop, Double> m, HopCpu.Hop h) {
        return m.get(h) * 1000;
    }

    private static HopCpu.Hop slowest(Map<HopCpu.Hop, Double> m) {
        HopCpu.Hop worst = HopCpu.Hop.CLIENT;
        for (HopCpu.Hop h : m.keySet()) {
            if (h != HopCpu.Hop.OTHER && m.get(h) > m.get(worst)) {
                worst = h;
            }
        }
        return worst;
    }

    /** CPU seconds per MiB of the busiest thread (this JVM's or stunnel's), median over rounds. */
    private static double busiestThread(List<BulkRound> rounds) {
        return Stats.median(rounds.stream().map(b -> Math.max(b.otherBusiestPerMib(),
                b.threadsPerMib().values().stream().mapToDouble(Double::doubleValue).max().orElse(0))).toList());
    }

    /** MiB/s if the slowest hop had one core to itself and nothing else limited the transfer. */
    private static double projection(Map<HopCpu.Hop, Double> m) {
        return 1 / m.get(slowest(m));
    }

    private static double measuredRatio(Map<Route, List<BulkRound>> cpu, Route r) {
        return Stats.median(cpu.get(r).stream().map(BulkRound::mibs).toList())
                / Stats.median(cpu.get(Route.DIRECT).stream().map(BulkRound::mibs).toList());
    }
}
