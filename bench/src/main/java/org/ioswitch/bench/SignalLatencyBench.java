package org.ioswitch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.runtime.Device;

/**
 * Signal latency, one update in flight, three ways in one run, interleaved by round: (a) ioswitch device → home server
 * → operator client; (b) a raw TLS relay of the same shape (client → relay thread → client, 8-byte messages, same
 * BCJSSE setup); (c) mosquitto over TLS, publisher → broker → subscriber with Eclipse Paho clients, 8-byte payload.
 * The device writes {@code System.nanoTime()} into {@code exp.stamp} and publishes; the operator's listener records the
 * arrival. Prints p50/p99/p99.9/max of each and their ratios to mosquitto.
 */
final class SignalLatencyBench {
    static final String IOSWITCH = "(a) ioswitch device -> home server -> operator";
    static final String RAW = "(b) raw TLS relay, 8-byte messages (reference)";
    static final String MQTT = "(c) mosquitto, Paho publisher -> broker -> subscriber";
    private static final int WIDTH = 54;
    private final int updates;
    private final int rounds;
    private final boolean legs;
    private final PrintStream out;
    private final Latencies upLeg = new Latencies("    (a) leg device -> home server");
    private final Latencies downLeg = new Latencies("    (a) leg home server -> operator");

    SignalLatencyBench(int updates, int rounds, boolean legs, PrintStream out) {
        this.updates = updates;
        this.rounds = rounds;
        this.legs = legs;
        this.out = out;
    }

    /** One way of delivering one stamped update and waiting for it; returns its latency in ns. */
    interface Path {
        long once() throws IOException, InterruptedException;
    }

    void run() throws Exception {
        long start = System.nanoTime();
        Machine.header(out, "signal-latency");
        Optional<String> broker = Mosquitto.find();
        if (broker.isEmpty()) {
            out.println("row (c) skipped: " + Mosquitto.installHint());
        }
        try (HomeRig rig = new HomeRig(); RawTls raw = rig.rawTls(); RawTls.Relay relay = raw.relay(8);
             Mosquitto mosquitto = broker.isPresent() ? rig.mosquitto(broker.get()) : null;
             MqttProbe mqtt = mosquitto == null ? null
                     : new MqttProbe(mosquitto.port(), rig.mqttClientContext(), MQTT)) {
            if (mosquitto != null) {
                out.println("broker: " + mosquitto.version() + ", TLS 1.3 TLS_AES_128_GCM_SHA256 on 127.0.0.1:"
                        + mosquitto.port() + "; client: Eclipse Paho mqttv3, QoS 0, BCJSSE client context of"
                        + " common.tls");
            }
            Device device = rig.device(SignalMap.parse(SignalProbe.MAP, "signal-latency map"));
            try (OperatorClient op = rig.operator()) {
                SignalProbe probe = new SignalProbe(device, op, IOSWITCH);
                org.ioswitch.server.registry.Block serverExp = legs ? rig.serverBlock("exp") : null;
                Runnable afterWarmup = legs ? () -> probe.timeLegs(serverExp, upLeg, downLeg) : () -> { };
                List<Latencies> results = new ArrayList<>(List.of(new Latencies(IOSWITCH), new Latencies(RAW)));
                List<Path> paths = new ArrayList<>(List.of(probe::once,
                        () -> Arrival.await(relay.arrivals, relay.send(), RAW)));
                if (mqtt != null) {
                    results.add(new Latencies(MQTT));
                    paths.add(mqtt::once);
                }
                measure(results, paths, afterWarmup);
            } finally {
                device.close();
            }
        }
        Machine.footer(out, "signal-latency", start);
    }

    private void measure(List<Latencies> results, List<Path> paths, Runnable afterWarmup) throws Exception {
        out.printf("warming up each configuration for %d ms...%n", Warmup.TIME.toMillis());
        for (Path p : paths) {
            long end = System.nanoTime() + Warmup.TIME.toNanos();
            while (System.nanoTime() < end) {
                p.once();
            }
        }
        afterWarmup.run();
        int perRound = Math.max(1, updates / rounds);
        GcPauses[] gc = new GcPauses[paths.size()];
        java.util.Arrays.fill(gc, new GcPauses(0, 0));
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < paths.size(); k++) {
                // Rotate the order so no configuration always runs first or right after another.
                int i = (k + r) % paths.size();
                Latencies l = results.get(i);
                GcPauses before = GcPauses.now();
                l.startRound();
                if (legs && i == 0) {
                    upLeg.startRound();
                    downLeg.startRound();
                }
                for (int n = 0; n < perRound; n++) {
                    l.record(paths.get(i).once());
                }
                l.endRound();
                if (legs && i == 0) {
                    upLeg.endRound();
                    downLeg.endRound();
                }
                gc[i] = gc[i].plus(GcPauses.now().since(before));
            }
            out.printf("round %d/%d: p50 %s µs%n", r + 1, rounds, roundLine(results, r));
        }
        print(results, gc);
    }

    private static String roundLine(List<Latencies> results, int r) {
        StringBuilder sb = new StringBuilder();
        for (Latencies l : results) {
            sb.append(sb.length() == 0 ? "" : ", ").append(l.name, 0, 3).append(' ')
                    .append(Math.round(l.roundP50.get(r)));
        }
        return sb.toString();
    }

    private void print(List<Latencies> results, GcPauses[] gc) {
        Latencies a = results.get(0);
        Latencies b = results.get(1);
        out.println();
        out.printf("Signal latency, one update in flight, %d updates per configuration in %d interleaved rounds%n",
                a.count(), rounds);
        out.println(Latencies.headerRow(WIDTH) + "   GC in its rounds");
        for (int i = 0; i < results.size(); i++) {
            out.println(results.get(i).row(WIDTH) + String.format("   %d, %d ms", gc[i].count(), gc[i].millis()));
            if (legs && i == 0) {
                out.println(upLeg.row(WIDTH));
                out.println(downLeg.row(WIDTH));
            }
        }
        out.printf("%nratio (a)/(b): p50 %.2f, p99 %.2f%n", a.p50() / b.p50(), a.p99() / b.p99());
        if (results.size() > 2) {
            Latencies c = results.get(2);
            out.println("ratios to (c) mosquitto (below 1: faster than mosquitto):");
            out.println(a.ratioRow(c, WIDTH));
            out.println(b.ratioRow(c, WIDTH));
            out.printf("target (issue 16): (a) at or below mosquitto at p50, p99 and p99.9: %s%n",
                    a.atOrBelow(c) ? "MET" : "MISSED");
        }
        out.printf("targets (issue 3): p50 <= 150 µs: %s (%.0f µs); p99 <= 1000 µs: %s (%.0f µs)%n",
                a.p50() <= 150 ? "MET" : "MISSED", a.p50(), a.p99() <= 1000 ? "MET" : "MISSED", a.p99());
    }
}
