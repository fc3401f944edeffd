package org.ioswitch.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.ioswitch.bench.RelayRig.Route;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.switchbox.EtcdCluster;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.account.Accounts;
import org.ioswitch.switchbox.cluster.ClusterNode;
import org.ioswitch.switchbox.route.RelayTap;
import org.ioswitch.switchbox.route.TunnelRegistry;

/**
 * The switchbox cluster, side by side in one run: a client relayed by the node that holds its network's tunnel vs a
 * client forwarded from a second node over the node link (bulk MiB/s, one-way latency p50/p99), then {@code claims}
 * claims into one etcd member on tmpfs (claims/s, the memory of a node's watched copy, lookup latency in it).
 */
final class ClusterBench {
    private final Duration measure;
    private final int rounds;
    private final int updates;
    private final int claims;
    private final PrintStream out;

    ClusterBench(Duration measure, int rounds, int updates, int claims, PrintStream out) {
        this.measure = measure;
        this.rounds = rounds;
        this.updates = updates;
        this.claims = claims;
        this.out = out;
    }

    void run() throws Exception {
        Machine.header(out, "cluster");
        try (EtcdCluster etcd = EtcdCluster.start(1)) {
            out.println("etcd: one member (/usr/bin/etcd), data on " + etcd.dataDir().getParent());
            relay(etcd);
            claims(etcd);
        }
    }

    private void relay(EtcdCluster etcd) throws Exception {
        List<Route> routes = List.of(Route.SWITCHBOX_E2E, Route.FORWARDED_E2E);
        List<List<Double>> mibs = List.of(new ArrayList<>(), new ArrayList<>());
        List<Latencies> lat = List.of(new Latencies("same node (sb1 holds the tunnel)"),
                new Latencies("forwarded (sb2 -> node link -> sb1)"));
        try (RelayRig rig = new RelayRig(etcd)) {
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < routes.size(); i++) {
                    Duration warm = round == 0 ? Duration.ofSeconds(2) : Duration.ofMillis(500);
                    mibs.get(i).add(RelayBench.bulk(rig, routes.get(i), null, warm, measure).mibs());
                    lat.get(i).startRound();
                    RelayBench.latencyCount(rig, routes.get(i), 0, lat.get(i), updates);
                    lat.get(i).endRound();
                }
                out.printf("round %d: same node %.0f MiB/s p50 %.0f µs; forwarded %.0f MiB/s p50 %.0f µs%n", round + 1,
                        mibs.get(0).get(round), lat.get(0).roundP50.get(round), mibs.get(1).get(round),
                        lat.get(1).roundP50.get(round));
            }
        }
        out.println();
        out.println("client -> home service, end to end (inner TLS through the relay), " + rounds + " rounds:");
        out.println(Latencies.headerRow(36));
        lat.forEach(l -> out.println(l.row(36)));
        double same = Stats.median(mibs.get(0));
        double fwd = Stats.median(mibs.get(1));
        out.printf("bulk MiB/s (median of rounds): same node %.0f %s, forwarded %.0f %s%n", same,
                Stats.spread(mibs.get(0)), fwd, Stats.spread(mibs.get(1)));
        out.printf("forwarded / same node: throughput %.2fx, latency p50 %.2fx (%+.0f µs), p99 %.2fx (%+.0f µs)%n",
                fwd / same, lat.get(1).p50() / lat.get(0).p50(), lat.get(1).p50() - lat.get(0).p50(),
                lat.get(1).p99() / lat.get(0).p99(), lat.get(1).p99() - lat.get(0).p99());
        out.println();
    }

    private void claims(EtcdCluster etcd) throws Exception {
        Path dir = Files.createTempDirectory("ioswitch-bench-cluster");
        try {
            Pki cloud = new Pki(dir.resolve("cloud"), "iocafe", "switchbox");
            Path accounts = dir.resolve("accounts.json");
            Accounts.writeEmpty(accounts);
            SwitchboxOptions options = SwitchboxOptions.builder().bind("127.0.0.1").port(0)
                    .tls(cloud.serverOptions()).accountsFile(accounts).build();
            String prefix = EtcdCluster.freshPrefix();
            // a tunnel that is never started: open until closed, all a claim needs
            Tunnel tunnel = new Tunnel("bench", InputStream.nullInputStream(), OutputStream.nullOutputStream(), () -> { },
                    TunnelOptions.DEFAULT, TunnelOptions.DEFAULT_MAX_FRAME_SIZE, null);
            try (ClusterNode claimer = ClusterNode.join(cloud.nodeOptions("sb1", etcd, prefix), options,
                    RelayTap.NONE)) {
                for (int threads : new int[] {1, 16}) {
                    int n = threads == 1 ? Math.min(1000, claims) : claims;
                    double perSecond = claim(claimer.registry(), tunnel, "t" + threads + "-", n, threads);
                    out.printf("claims into etcd, %2d claimer thread(s): %6d claims, %8.0f claims/s%n", threads, n,
                            perSecond);
                }
                int total = Math.min(1000, claims) + claims;
                long fixed = heapAfterJoin(cloud, etcd, EtcdCluster.freshPrefix(), options, 0);
                long full = heapAfterJoin(cloud, etcd, prefix, options, total);
                out.printf("watched copy on another node: %d claims, %.0f bytes per claim (heap after joining the"
                        + " cluster with them minus joining an empty prefix: %.1f MiB - %.1f MiB)%n", total,
                        (full - fixed) / (double) total, full / 1048576.0, fixed / 1048576.0);
                lookups(claimer, total);
            }
            tunnel.close();
        } finally {
            Pki.deleteTree(dir);
        }
    }

    /** Claims {@code n} networks on {@code threads} threads; claims per second. */
    private static double claim(TunnelRegistry registry, Tunnel tunnel, String stem, int n, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, Threads.daemonFactory("bench-claimer"));
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int from = w;
                done.add(pool.submit(() -> {
                    for (int i = from; i < n; i += threads) {
                        if (!registry.claim(stem + i, tunnel)) {
                            throw new IllegalStateException("claim of " + stem + i + " refused");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Heap in use (after a GC) once a node joined under {@code prefix} and its copy holds {@code expect} claims. */
    private static long heapAfterJoin(Pki cloud, EtcdCluster etcd, String prefix, SwitchboxOptions options,
            int expect) throws Exception {
        try (ClusterNode watcher = ClusterNode.join(cloud.nodeOptions("watcher", etcd, prefix), options,
                RelayTap.NONE)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (watcher.knownClaims() < expect) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("watcher saw " + watcher.knownClaims() + " of " + expect);
                }
                Thread.sleep(10); // the copy fills on etcd's event loop
            }
            return usedHeap();
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Lookups in the watched copy (what routing a client costs before any forwarding). */
    private void lookups(ClusterNode node, int known) {
        Histogram h = new Histogram(1_000_000_000L, 3);
        SplittableRandom random = new SplittableRandom(7);
        String[] names = new String[1024];
        for (int i = 0; i < names.length; i++) {
            names[i] = "t16-" + random.nextInt(known - 1000);
        }
        int misses = 0;
        for (int i = 0; i < 2_000_000; i++) {
            long t0 = System.nanoTime();
            boolean found = node.owner(names[i & 1023]).isPresent();
            long t1 = System.nanoTime();
            if (!found) {
                misses++;
            }
            if (i >= 200_000) {
                h.recordValue(Math.max(1, t1 - t0));
            }
        }
        out.printf("lookup in the watched copy (%d claims): p50 %d ns, p99 %d ns, p99.9 %d ns (%d misses)%n", known,
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), misses);
    }
}
