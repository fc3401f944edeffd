package org.ioswitch.common.metrics;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): each family once with its {@code # HELP} and
 * {@code # TYPE}, then its samples; label values escaped. Names are checked, so a typo fails in a test, not in a
 * scraper.
 */
public final class MetricsText {
    /** The content type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder();
    private String family;

    /** Starts a gauge family. */
    public MetricsText gauge(String name, String help) {
        return family(name, help, "gauge");
    }

    /** Starts a counter family; its name must end in {@code _total}. */
    public MetricsText counter(String name, String help) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + " must end in _total");
        }
        return family(name, help, "counter");
    }

    private MetricsText family(String name, String help, String type) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name " + name);
        }
        family = name;
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /**
     * One sample of the current family.
     *
     * @param labels name, value, name, value...
     */
    public MetricsText sample(double value, String... labels) {
        if (family == null) {
            throw new IllegalStateException("sample before a family");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        out.append(family);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (!LABEL.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                    throw new IllegalArgumentException("bad label name " + labels[i]);
                }
                out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escape(labels[i + 1]))
                        .append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    /** The text so far. */
    @Override
    public String toString() {
        return out.toString();
    }
}
