package org.ioswitch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.SignalHandle;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.server.registry.Block;

/**
 * Snapshots per second of a 64-byte {@code exp} block, device → home server → operator client. Two ways: flat out
 * (the device publishes as fast as it can; the link coalesces to the newest snapshot, so fewer arrive than were
 * published: both counts are reported, at the server and at the operator) and one in flight (every snapshot
 * delivered). Reference in the same run: the raw TLS relay forwarding 64-byte messages flat out (nothing coalesces).
 */
final class SnapshotsBench {
    static final String MAP = """
            {"mblk": [{"name": "exp", "size": 64, "groups": [{"name": "bench", "signals": [{"name": "seq", "type": "long"}]}]},
                      {"name": "imp", "groups": [{"name": "bench", "signals": [{"name": "unused", "type": "boolean"}]}]}]}
            """;

    private final Duration measure;
    private final int rounds;
    private final PrintStream out;

    SnapshotsBench(Duration measure, int rounds, PrintStream out) {
        this.measure = measure;
        this.rounds = rounds;
        this.out = out;
    }

    /** Counts of one flat-out round, per second of publishing. */
    private record Rates(double published, double atServer, double atOperator) {
    }

    void run() throws Exception {
        long start = System.nanoTime();
        Machine.header(out, "snapshots");
        List<Rates> flat = new ArrayList<>();
        List<Double> paced = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        try (HomeRig rig = new HomeRig(); RawTls rawTls = rig.rawTls(); RawTls.Relay relay = rawTls.relay(64)) {
            relay.stamped(false);
            Device device = rig.device(SignalMap.parse(MAP, "snapshots map"));
            try (OperatorClient op = rig.operator()) {
                AtomicLong atOperator = new AtomicLong();
                BlockingQueue<Long> seqs = new LinkedBlockingQueue<>();
                op.subscribe(HomeRig.DEVICE_ID, v -> {
                    if (v.name().equals("exp.seq") && v.value() instanceof Long s) {
                        atOperator.incrementAndGet();
                        seqs.add(s);
                    }
                });
                AtomicLong atServer = new AtomicLong();
                Block serverExp = rig.serverBlock("exp");
                serverExp.listen(image -> atServer.incrementAndGet());
                MemoryBlock exp = device.block("exp");
                SignalHandle seq = exp.signal("seq");
                long[] next = {0};
                out.printf("warming up each configuration for %d ms...%n", Warmup.TIME.toMillis());
                flatOut(exp, seq, next, Warmup.TIME, atServer, atOperator, seqs);
                rawFlatOut(relay, Warmup.TIME);
                for (int r = 0; r < rounds; r++) {
                    Rates f;
                    double p;
                    double x;
                    if (r % 2 == 0) {
                        f = flatOut(exp, seq, next, measure, atServer, atOperator, seqs);
                        p = paced(exp, seq, next, measure, seqs);
                        x = rawFlatOut(relay, measure);
                    } else {
                        x = rawFlatOut(relay, measure);
                        p = paced(exp, seq, next, measure, seqs);
                        f = flatOut(exp, seq, next, measure, atServer, atOperator, seqs);
                    }
                    flat.add(f);
                    paced.add(p);
                    raw.add(x);
                    out.printf("round %d/%d: flat out published %.0f/s, at server %.0f/s, at operator %.0f/s; one in"
                            + " flight %.0f/s; raw relay %.0f msg/s%n", r + 1, rounds, f.published, f.atServer,
                            f.atOperator, p, x);
                }
            } finally {
                device.close();
            }
        }
        print(flat, paced, raw);
        Machine.footer(out, "snapshots", start);
    }

    /** Publishes as fast as possible for {@code d}, then waits until the last snapshot reached the operator. */
    private Rates flatOut(MemoryBlock exp, SignalHandle seq, long[] next, Duration d, AtomicLong atServer,
                          AtomicLong atOperator, BlockingQueue<Long> seqs) throws Exception {
        seqs.clear();
        long s0 = atServer.get();
        long o0 = atOperator.get();
        long published = 0;
        long t0 = System.nanoTime();
        long end = t0 + d.toNanos();
        while (System.nanoTime() < end) {
            seq.set(++next[0]);
            exp.publish();
            published++;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long server = atServer.get() - s0;
        long operator = atOperator.get() - o0;
        awaitSeq(seqs, next[0]);
        return new Rates(published / secs, server / secs, operator / secs);
    }

    /** One snapshot in flight: publish, wait for it at the operator, repeat; every snapshot is delivered. */
    private double paced(MemoryBlock exp, SignalHandle seq, long[] next, Duration d, BlockingQueue<Long> seqs)
            throws Exception {
        seqs.clear();
        long n = 0;
        long t0 = System.nanoTime();
        long end = t0 + d.toNanos();
        while (System.nanoTime() < end) {
            seq.set(++next[0]);
            exp.publish();
            awaitSeq(seqs, next[0]);
            n++;
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void awaitSeq(BlockingQueue<Long> seqs, long want) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            long left = deadline - System.nanoTime();
            Long s = left > 0 ? seqs.poll(left, TimeUnit.NANOSECONDS) : null;
            if (s == null) {
                throw new IOException("snapshot " + want + " did not reach the operator within 10 s");
            }
            if (s == want) {
                return;
            }
        }
    }

    /** 64-byte messages through the raw relay as fast as the publisher can write them; all are delivered. */
    private static double rawFlatOut(RawTls.Relay relay, Duration d) throws Exception {
        long r0 = relay.received.get();
        long sent = 0;
        long t0 = System.nanoTime();
        long end = t0 + d.toNanos();
        while (System.nanoTime() < end) {
            relay.send();
            sent++;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long got = relay.received.get() - r0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (relay.received.get() - r0 < sent) {
            if (System.nanoTime() > deadline) {
                throw new IOException("raw relay: " + sent + " messages sent, " + (relay.received.get() - r0)
                        + " received after 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return got / secs;
    }

    private void print(List<Rates> flat, List<Double> paced, List<Double> raw) {
        List<Double> pub = flat.stream().map(Rates::published).toList();
        List<Double> srv = flat.stream().map(Rates::atServer).toList();
        List<Double> opr = flat.stream().map(Rates::atOperator).toList();
        double rawMedian = Stats.median(raw);
        out.println();
        out.printf("Snapshots of a 64-byte block per second, %d interleaved rounds of %d s, medians (min..max)%n",
                rounds, measure.toSeconds());
        String fmt = "%-62s %10.0f   %-14s %8.2f%n";
        out.printf("%-62s %10s   %-14s %8s%n", "configuration", "per second", "rounds", "/ (c)");
        out.printf(fmt, "(a1) flat out: published by the device", Stats.median(pub), Stats.spread(pub),
                Stats.median(pub) / rawMedian);
        out.printf(fmt, "(a2) flat out: received by the home server", Stats.median(srv), Stats.spread(srv),
                Stats.median(srv) / rawMedian);
        out.printf(fmt, "(a3) flat out: received by the operator", Stats.median(opr), Stats.spread(opr),
                Stats.median(opr) / rawMedian);
        out.printf(fmt, "(b) one in flight, every snapshot delivered to the operator", Stats.median(paced),
                Stats.spread(paced), Stats.median(paced) / rawMedian);
        out.printf(fmt, "(c) raw TLS relay, 64-byte messages flat out (reference)", rawMedian, Stats.spread(raw), 1.0);
        List<Double> coalesced = flat.stream().map(f -> 100 * (1 - f.atOperator / f.published)).toList();
        out.printf("coalesced in flat out (latest value wins): median %.1f%% (%s %%) of published snapshots never reached"
                + " the operator%n", Stats.median(coalesced), Stats.spread(coalesced));
    }
}
