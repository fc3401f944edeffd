package org.ioswitch.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The {@code --name value} options of one benchmark; every option read must be known, and a leftover is an error. */
final class Args {
    private final String bench;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    Args(String bench, String[] args, int from) throws UsageException {
        this.bench = bench;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new UsageException(bench + ": expected --option value, got '" + a + "'");
            }
            values.put(a.substring(2), args[++i]);
        }
    }

    /** A whole number option of at least {@code min}, or {@code def} when absent. */
    int integer(String name, int def, int min) throws UsageException {
        used.add(name);
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(bench + ": --" + name + ": expected a whole number, got '" + v + "'");
        }
        if (n < min) {
            throw new UsageException(bench + ": --" + name + ": expected >= " + min + ", got " + n);
        }
        return n;
    }

    /** A text option, or {@code def} when absent. */
    String string(String name, String def) {
        used.add(name);
        return values.getOrDefault(name, def);
    }

    /** Fails on any option no benchmark code asked for. */
    void checkAllUsed() throws UsageException {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new UsageException(bench + ": unknown option --" + k + " (known: --" + String.join(", --", used)
                        + ")");
            }
        }
    }

    /** A command line the user must fix. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
