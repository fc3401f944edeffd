package org.ioswitch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.SignalHandle;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.server.registry.Block;

/**
 * Bulk throughput device → home server for a 1 MiB {@code exp} block changed entirely at every snapshot (random
 * content, every byte different from the snapshot before), as a ratio to raw TLS bulk throughput with the same
 * BCJSSE setup, measured in the same run with interleaved rounds. The device keeps at most two snapshots ahead of
 * what the server has received, so the link never idles and nothing is coalesced.
 */
final class BlockBulkBench {
    static final int SIZE = 1024 * 1024;
    static final String MAP = """
            {"mblk": [{"name": "exp", "size": 1048576, "groups": [{"name": "bench", "signals": [{"name": "seq", "type": "long"}]}]},
                      {"name": "imp", "groups": [{"name": "bench", "signals": [{"name": "unused", "type": "boolean"}]}]}]}
            """;
    /**
     * Warm-up of the block path: it compiles far more code than a raw socket loop (diff, frame codec, assembler), and
     * after the common 1.5 s the first measured round still ran beside C2 at half a core (0.48x against 0.69..0.75x
     * in the rounds after it).
     */
    private static final Duration BLOCK_WARMUP = Duration.ofSeconds(5);
    /** Per-connection warm-up of a raw TLS round, after its handshake. */
    private static final Duration CONNECTION_WARMUP = Duration.ofMillis(500);

    private final Duration measure;
    private final int rounds;
    private final PrintStream out;
    private final byte[][] contents = new byte[4][SIZE];
    /** CPU nanoseconds by thread over all measured rounds, and the MiB they delivered. */
    /** Thread CPU time (the relay bench's accounting, hops unused here). */
    private final HopCpu cpu = new HopCpu(-1, 0);
    private final java.util.Map<String, Double> blockCpu = new java.util.HashMap<>();
    private final java.util.Map<String, Double> rawCpu = new java.util.HashMap<>();
    private double blockMiB;
    private double rawMiB;

    BlockBulkBench(Duration measure, int rounds, PrintStream out) {
        this.measure = measure;
        this.rounds = rounds;
        this.out = out;
        SplittableRandom random = new SplittableRandom(42);
        for (byte[] c : contents) {
            random.nextBytes(c);
        }
        // Every byte differs from the same byte of the content before it (the four are used in a cycle).
        for (int k = 0; k < contents.length; k++) {
            byte[] prev = contents[(k + contents.length - 1) % contents.length];
            for (int i = 0; i < SIZE; i++) {
                if (contents[k][i] == prev[i]) {
                    contents[k][i] ^= (byte) 0x5A;
                }
            }
        }
    }

    void run() throws Exception {
        long start = System.nanoTime();
        Machine.header(out, "block-bulk");
        List<Double> block = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> coalesced = new ArrayList<>();
        try (HomeRig rig = new HomeRig(); RawTls rawTls = rig.rawTls()) {
            Device device = rig.device(SignalMap.parse(MAP, "block-bulk map"));
            try {
                Block serverExp = rig.serverBlock("exp");
                Receiver receiver = new Receiver();
                serverExp.listen(receiver::snapshot);
                MemoryBlock exp = device.block("exp");
                SignalHandle seq = exp.signal("seq");
                out.printf("warming up: block path %d ms, raw TLS %d ms...%n", BLOCK_WARMUP.toMillis(),
                        Warmup.TIME.toMillis());
                publishFor(exp, seq, receiver, BLOCK_WARMUP);
                rawTls.bulk(Warmup.TIME, Duration.ofMillis(100));
                for (int r = 0; r < rounds; r++) {
                    double b;
                    double x;
                    long[] counts;
                    if (r % 2 == 0) {
                        counts = publishBlock(exp, seq, receiver);
                        x = rawBulk(rawTls);
                    } else {
                        x = rawBulk(rawTls);
                        counts = publishBlock(exp, seq, receiver);
                    }
                    b = counts[1] * (double) SIZE / 1048576.0 / (counts[2] / 1e9);
                    block.add(b);
                    raw.add(x);
                    coalesced.add((double) (counts[0] - counts[1]));
                    out.printf("round %d/%d: 1 MiB block %.0f MiB/s (%d published, %d received), raw TLS %.0f MiB/s,"
                            + " ratio %.2f%n", r + 1, rounds, b, counts[0], counts[1], x, b / x);
                }
            } finally {
                device.close();
            }
        }
        double bm = Stats.median(block);
        double rm = Stats.median(raw);
        out.println();
        out.printf("Bulk throughput, 1 MiB block changed entirely each snapshot, device -> home server; %d interleaved"
                + " rounds of %d s, medians%n", rounds, measure.toSeconds());
        out.printf("%-64s %9s   %-12s%n", "configuration", "MiB/s", "rounds");
        out.printf("%-64s %9.0f   %-12s%n", "(a) ioswitch 1 MiB block snapshots, device -> home server", bm,
                Stats.spread(block));
        out.printf("%-64s %9.0f   %-12s%n", "(b) raw TLS bulk, 64 KiB writes, same BCJSSE setup (reference)", rm,
                Stats.spread(raw));
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < block.size(); i++) {
            ratios.add(block.get(i) / raw.get(i));
        }
        out.printf("%nratio (a)/(b): %.2f (median of the per-round ratios, %.2f..%.2f); target >= 0.70: %s%n",
                Stats.median(ratios), Stats.min(ratios), Stats.max(ratios), Stats.median(ratios) >= 0.7 ? "MET"
                        : "MISSED");
        out.printf("snapshots coalesced per round (published - received): %s%n", Stats.spread(coalesced));
        if (HopCpu.supported()) {
            printCpu();
        }
        Machine.footer(out, "block-bulk", start);
    }

    /**
     * Each configuration starts from a collected heap: the block path leaves ~1 GiB of dead 1 MiB snapshots behind,
     * and G1 cleaning up after it during the next raw TLS round would charge the reference for the block's garbage.
     */
    private long[] publishBlock(MemoryBlock exp, SignalHandle seq, Receiver receiver) throws Exception {
        System.gc();
        HopCpu.Snapshot start = cpu.snapshot();
        long[] counts = publishFor(exp, seq, receiver, measure);
        addCpu(blockCpu, start, cpu.snapshot());
        blockMiB += counts[1];
        return counts;
    }

    private double rawBulk(RawTls rawTls) throws Exception {
        System.gc();
        HopCpu.Snapshot start = cpu.snapshot();
        double mibPerSecond = rawTls.bulk(CONNECTION_WARMUP, measure);
        addCpu(rawCpu, start, cpu.snapshot());
        // the window includes the connection's handshake and warm-up: CPU per MiB counts those MiB too
        rawMiB += mibPerSecond * (measure.toNanos() + CONNECTION_WARMUP.toNanos()) / 1e9;
        return mibPerSecond;
    }

    /** Adds the CPU seconds per thread name, and of the whole process, spent between two snapshots. */
    private static void addCpu(java.util.Map<String, Double> into, HopCpu.Snapshot a, HopCpu.Snapshot b) {
        HopCpu.perThread(a, b).forEach((name, seconds) -> into.merge(name, seconds, Double::sum));
        into.merge("process", (b.processNanos() - a.processNanos()) / 1e9, Double::sum);
    }

    /** Where the CPU went over all measured rounds, in ms of CPU per MiB delivered, by thread. */
    private void printCpu() {
        out.printf("%nCPU per MiB over all measured rounds (ms of CPU time per MiB, thread CPU incl. kernel time;"
                + " process = whole JVM incl. GC and JIT):%n");
        out.println("  (a) block path: " + describe(blockCpu, blockMiB));
        out.println("  (b) raw TLS:    " + describe(rawCpu, rawMiB) + " (approximate: the window also holds the"
                + " connection's warm-up, counted at the measured rate)");
    }

    private static String describe(java.util.Map<String, Double> cpu, double mib) {
        StringBuilder b = new StringBuilder();
        java.util.List<java.util.Map.Entry<String, Double>> sorted = new java.util.ArrayList<>(cpu.entrySet());
        sorted.sort(java.util.Map.Entry.<String, Double>comparingByValue().reversed());
        for (int i = 0; i < Math.min(6, sorted.size()); i++) {
            b.append(i == 0 ? "" : ", ").append(sorted.get(i).getKey()).append(' ')
                    .append(String.format("%.2f", sorted.get(i).getValue() * 1e3 / mib));
        }
        return b.toString();
    }

    /**
     * Publishes fresh 1 MiB contents for {@code d}, never more than two ahead of the server. Returns published,
     * received within the window, and the window in ns (until the last snapshot counted arrived).
     */
    private long[] publishFor(MemoryBlock exp, SignalHandle seq, Receiver receiver, Duration d) throws Exception {
        long received0 = receiver.count.get();
        long published = 0;
        long t0 = System.nanoTime();
        long end = t0 + d.toNanos();
        while (System.nanoTime() < end) {
            long s = receiver.published + 1;
            receiver.awaitBelow(s - 2);
            exp.write(0, contents[(int) (s % contents.length)]);
            seq.set(s);
            exp.publish();
            receiver.published = s;
            published++;
        }
        long received = receiver.count.get() - received0;
        long window = System.nanoTime() - t0;
        receiver.awaitBelow(receiver.published);
        return new long[] {published, received, window};
    }

    /** The server side: counts snapshots and keeps the newest sequence number (server reader thread). */
    private static final class Receiver {
        final AtomicLong count = new AtomicLong();
        /** Publisher thread only. */
        long published;
        private long lastSeq;

        void snapshot(byte[] image) {
            long s = 0;
            for (int i = 8; i >= 1; i--) {
                s = (s << 8) | (image[i] & 0xFF); // exp.seq: state byte at 0, int64 little-endian at 1..8
            }
            synchronized (this) {
                lastSeq = s;
                notifyAll();
            }
            count.incrementAndGet();
        }

        /** Waits (10 s at most) until the server has at least snapshot {@code seq}. */
        synchronized void awaitBelow(long seq) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lastSeq < seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("server has snapshot " + lastSeq + ", expected " + seq + " within 10 s");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
