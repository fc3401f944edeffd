package org.ioswitch.bench;

import java.util.List;

/** Medians and spreads over rounds. */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** {@code min..max} of the values, rounded. */
    static String spread(List<Double> v) {
        return String.format("%.0f..%.0f", min(v), max(v));
    }
}
