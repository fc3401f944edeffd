package org.ioswitch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.runtime.Device;

/**
 * Signal latency device → home server → operator client over TLS on loopback, one update in flight, against a raw
 * TLS relay of the same shape (client → relay thread → client, 8-byte messages, same BCJSSE setup). The device
 * writes {@code System.nanoTime()} into {@code exp.stamp} and publishes; the operator's listener records the arrival.
 */
final class SignalLatencyBench {
    static final String IOSWITCH = "(a) ioswitch device -> home server -> operator";
    static final String RAW = "(b) raw TLS relay, 8-byte messages (reference)";
    private final int updates;
    private final int rounds;
    private final PrintStream out;

    SignalLatencyBench(int updates, int rounds, PrintStream out) {
        this.updates = updates;
        this.rounds = rounds;
        this.out = out;
    }

    /** One way of delivering one stamped update and waiting for it; returns its latency in ns. */
    interface Path {
        long once() throws IOException, InterruptedException;
    }

    void run() throws Exception {
        long start = System.nanoTime();
        Machine.header(out, "signal-latency");
        try (HomeRig rig = new HomeRig(); RawTls raw = rig.rawTls(); RawTls.Relay relay = raw.relay(8)) {
            Device device = rig.device(SignalMap.parse(SignalProbe.MAP, "signal-latency map"));
            try (OperatorClient op = rig.operator()) {
                SignalProbe probe = new SignalProbe(device, op, IOSWITCH);
                Path ioswitch = probe::once;
                Path reference = () -> Arrival.await(relay.arrivals, relay.send(), RAW);
                Latencies a = new Latencies(IOSWITCH);
                Latencies b = new Latencies(RAW);
                measure(List.of(a, b), List.of(ioswitch, reference));
            } finally {
                device.close();
            }
        }
        Machine.footer(out, "signal-latency", start);
    }

    private void measure(List<Latencies> results, List<Path> paths) throws Exception {
        out.printf("warming up each configuration for %d ms...%n", Warmup.TIME.toMillis());
        for (Path p : paths) {
            long end = System.nanoTime() + Warmup.TIME.toNanos();
            while (System.nanoTime() < end) {
                p.once();
            }
        }
        int perRound = Math.max(1, updates / rounds);
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < paths.size(); k++) {
                // Alternate the order so neither configuration always runs first.
                int i = r % 2 == 0 ? k : paths.size() - 1 - k;
                Latencies l = results.get(i);
                l.startRound();
                for (int n = 0; n < perRound; n++) {
                    l.record(paths.get(i).once());
                }
                l.endRound();
            }
            out.printf("round %d/%d: p50 %s µs%n", r + 1, rounds, roundLine(results, r));
        }
        print(results);
    }

    private static String roundLine(List<Latencies> results, int r) {
        StringBuilder sb = new StringBuilder();
        for (Latencies l : results) {
            sb.append(sb.length() == 0 ? "" : ", ").append(l.name, 0, 3).append(' ')
                    .append(Math.round(l.roundP50.get(r)));
        }
        return sb.toString();
    }

    private void print(List<Latencies> results) {
        Latencies a = results.get(0);
        Latencies b = results.get(1);
        out.println();
        out.printf("Signal latency, one update in flight, %d updates per configuration in %d interleaved rounds%n",
                a.count(), rounds);
        out.println(Latencies.headerRow(50));
        for (Latencies l : results) {
            out.println(l.row(50));
        }
        out.printf("%nratio (a)/(b): p50 %.2f, p99 %.2f%n", a.p50() / b.p50(), a.p99() / b.p99());
        out.printf("targets (issue 3): p50 <= 150 µs: %s (%.0f µs); p99 <= 1000 µs: %s (%.0f µs)%n",
                a.p50() <= 150 ? "MET" : "MISSED", a.p50(), a.p99() <= 1000 ? "MET" : "MISSED", a.p99());
        out.println("outside reference (tls-performance.md, same kind of machine, not run here): mosquitto 2.0.11 over"
                + " TLS 1.3, publisher -> broker -> subscriber, p50 84-90 µs, p99 146-155 µs");
    }
}
