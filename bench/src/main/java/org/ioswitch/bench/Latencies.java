package org.ioswitch.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Latencies of one configuration over all its rounds (nanoseconds in, microseconds out), plus each round's p50. */
final class Latencies {
    final String name;
    final Histogram all = new Histogram(60_000_000_000L, 3);
    final List<Double> roundP50 = new ArrayList<>();
    private Histogram round;

    Latencies(String name) {
        this.name = name;
    }

    void startRound() {
        round = new Histogram(60_000_000_000L, 3);
    }

    void record(long nanos) {
        long v = Math.max(1, nanos);
        all.recordValue(v);
        round.recordValue(v);
    }

    void endRound() {
        roundP50.add(round.getValueAtPercentile(50) / 1000.0);
    }

    double p50() {
        return all.getValueAtPercentile(50) / 1000.0;
    }

    double p99() {
        return all.getValueAtPercentile(99) / 1000.0;
    }

    double p999() {
        return all.getValueAtPercentile(99.9) / 1000.0;
    }

    double max() {
        return all.getMaxValue() / 1000.0;
    }

    long count() {
        return all.getTotalCount();
    }

    /** One table row: name, count, p50, p99, p99.9, max (µs) and the spread of the rounds' p50s. */
    String row(int width) {
        return String.format("%-" + width + "s %8d %8.0f %8.0f %8.0f %9.0f   %s", name, count(), p50(), p99(), p999(),
                max(), Stats.spread(roundP50));
    }

    /** This configuration's p50, p99, p99.9 and max, each divided by the same percentile of {@code reference}. */
    double[] ratiosTo(Latencies reference) {
        return new double[] {p50() / reference.p50(), p99() / reference.p99(), p999() / reference.p999(),
                max() / reference.max()};
    }

    /** One ratio row: {@code name  p50 0.91  p99 0.85  p99.9 1.20  max 0.40}, two decimals. */
    String ratioRow(Latencies reference, int width) {
        double[] r = ratiosTo(reference);
        return String.format("%-" + width + "s p50 %5.2f   p99 %5.2f   p99.9 %5.2f   max %5.2f", name, r[0], r[1], r[2],
                r[3]);
    }

    /** True when this configuration is at or below {@code reference} at p50, p99 and p99.9 (max is too noisy). */
    boolean atOrBelow(Latencies reference) {
        double[] r = ratiosTo(reference);
        return r[0] <= 1 && r[1] <= 1 && r[2] <= 1;
    }

    static String headerRow(int width) {
        return String.format("%-" + width + "s %8s %8s %8s %8s %9s   %s", "configuration", "n", "p50 µs", "p99 µs",
                "p99.9 µs", "max µs", "round p50s µs (min..max)");
    }
}
