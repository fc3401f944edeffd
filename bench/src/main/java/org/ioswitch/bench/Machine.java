package org.ioswitch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about the machine a figure was measured on: cores, CPU model, Java, load average. */
final class Machine {
    private Machine() {
    }

    /** The one-minute, five-minute and fifteen-minute load averages from {@code /proc/loadavg}. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
            return "unknown";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Prints the header every benchmark starts with. */
    static void header(PrintStream out, String bench) {
        out.printf("%s: %d cores (nproc), CPU %s, Java %s (%s), load average %s%n", bench,
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), loadAverage());
    }

    /** Prints the closing line with the load average at the end of the run. */
    static void footer(PrintStream out, String bench, long startNanos) {
        out.printf("%s: done in %.0f s, load average at the end %s%n", bench, (System.nanoTime() - startNanos) / 1e9,
                loadAverage());
    }
}
