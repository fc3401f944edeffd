package org.ioswitch.bench;

import java.time.Duration;
import java.util.Arrays;

/** Entry point of the benchmark jar: {@code BenchMain tls-bulk [--seconds N] [--rounds N]}. */
public final class BenchMain {
    private BenchMain() {
    }

    /** Runs the named benchmark; exit 2 on a usage error, 1 when the benchmark fails. */
    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("tls-bulk")) {
            usage(args.length == 0 ? "missing benchmark name" : "unknown benchmark '" + args[0] + "'");
            return;
        }
        int seconds = 2;
        int rounds = 5;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--seconds") || a.equals("--rounds")) && i + 1 < args.length) {
                int v;
                try {
                    v = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    usage(a + ": expected a whole number, got '" + args[i] + "'");
                    return;
                }
                if (v < 1) {
                    usage(a + ": expected >= 1, got " + v);
                    return;
                }
                if (a.equals("--seconds")) {
                    seconds = v;
                } else {
                    rounds = v;
                }
            } else {
                usage("unknown or incomplete option '" + a + "' in " + Arrays.toString(args));
                return;
            }
        }
        try {
            new TlsBulkBench(Duration.ofSeconds(seconds), rounds, System.out).run();
        } catch (Exception e) {
            System.err.println("bench: tls-bulk failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("bench: " + problem);
        System.err.println("usage: BenchMain tls-bulk [--seconds N (default 2)] [--rounds N (default 5)]");
        System.exit(2);
    }
}
