package org.ioswitch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time per hop of a relay path over a measured window: each live thread's CPU time (user + system, so the
 * kernel's loopback TCP work is in it) summed by the hop its name belongs to, plus the whole process's CPU time, and
 * optionally another process's (stunnel) from {@code /proc/PID/stat}. Take a {@link #snapshot} at the start and the
 * end of the window while the connection is still open (a relay's threads end with it), then {@link #since}.
 */
final class HopCpu {
    /** Where a thread's work would run if every hop had a machine of its own. */
    enum Hop {
        CLIENT("client"), SWITCHBOX("switchbox"), STUNNEL("stunnel (process)"), HOME("home (uplink + service)"),
        OTHER("unattributed (GC, JIT, ...)");

        final String label;

        Hop(String label) {
            this.label = label;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** Linux clock ticks per second for /proc stat times (USER_HZ; 100 on every mainstream kernel). */
    private static final long TICKS_PER_SECOND = 100;

    private final long clientThreadId;
    private final long otherPid;

    /**
     * @param clientThreadId the thread that writes the bulk (the client's encryption runs on it)
     * @param otherPid a process counted as {@link Hop#STUNNEL}, or 0 for none
     */
    HopCpu(long clientThreadId, long otherPid) {
        this.clientThreadId = clientThreadId;
        this.otherPid = otherPid;
        THREADS.setThreadCpuTimeEnabled(true);
    }

    /** False when this JVM cannot measure thread CPU time (then the per-hop table is not printed). */
    static boolean supported() {
        return THREADS.isThreadCpuTimeSupported();
    }

    /** CPU nanoseconds at one instant: per live thread, the process, the other process. */
    record Snapshot(Map<Long, Long> perThread, Map<Long, Hop> hops, Map<Long, String> names, long processNanos,
            long otherNanos, Map<Long, Long> otherThreads) {}

    Snapshot snapshot() {
        Map<Long, Long> perThread = new HashMap<>();
        Map<Long, Hop> hops = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue; // ended meanwhile
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                perThread.put(info.getThreadId(), cpu);
                hops.put(info.getThreadId(), hopOf(info.getThreadId(), info.getThreadName()));
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return new Snapshot(perThread, hops, names, OS.getProcessCpuTime(), otherPid == 0 ? 0 : procCpuNanos(otherPid),
                otherPid == 0 ? Map.of() : taskCpuNanos(otherPid));
    }

    /**
     * Which hop a thread works for, by the names the product gives its threads: the switchbox's relay pumps,
     * connection handlers and its end of the tunnel (named {@code account@peer}); the home server's end of the tunnel
     * (named {@code uplink ...}), its per-stream threads (inner TLS and the service) and the direct home service.
     */
    private Hop hopOf(long id, String name) {
        if (id == clientThreadId) {
            return Hop.CLIENT;
        }
        if (name.startsWith("ioswitch-relay") || name.startsWith("ioswitch-switchbox")) {
            return Hop.SWITCHBOX;
        }
        if (name.startsWith("ioswitch-tunnel")) {
            return name.contains(" uplink ") ? Hop.HOME : Hop.SWITCHBOX;
        }
        if (name.startsWith("ioswitch-stream") || name.startsWith("ioswitch-uplink") || name.startsWith("bench-home")) {
            return Hop.HOME;
        }
        return Hop.OTHER;
    }

    /** CPU seconds per hop between two snapshots; OTHER is the process's CPU not on any named hop's thread. */
    static Map<Hop, Double> since(Snapshot a, Snapshot b) {
        Map<Hop, Double> seconds = new EnumMap<>(Hop.class);
        for (Hop h : Hop.values()) {
            seconds.put(h, 0.0);
        }
        double attributed = 0;
        for (Map.Entry<Long, Long> e : b.perThread().entrySet()) {
            Hop hop = b.hops().get(e.getKey());
            if (hop == Hop.OTHER) {
                continue;
            }
            // a thread started inside the window counts from zero; one that ended inside it is lost (none should:
            // the connection stays open across both snapshots)
            double s = (e.getValue() - a.perThread().getOrDefault(e.getKey(), 0L)) / 1e9;
            seconds.merge(hop, s, Double::sum);
            attributed += s;
        }
        seconds.put(Hop.OTHER, Math.max(0, (b.processNanos() - a.processNanos()) / 1e9 - attributed));
        seconds.put(Hop.STUNNEL, (b.otherNanos() - a.otherNanos()) / 1e9);
        return seconds;
    }

    /**
     * CPU seconds per thread between two snapshots, summed over threads whose names differ only in numbers (ports,
     * stream ids), for finding where a hop spends its time; threads under 1 ms are left out.
     */
    static Map<String, Double> perThread(Snapshot a, Snapshot b) {
        Map<String, Double> seconds = new java.util.TreeMap<>();
        for (Map.Entry<Long, Long> e : b.perThread().entrySet()) {
            double s = (e.getValue() - a.perThread().getOrDefault(e.getKey(), 0L)) / 1e9;
            if (s >= 0.001) {
                seconds.merge(b.names().get(e.getKey()).replaceAll("[0-9]+", "#"), s, Double::sum);
            }
        }
        return seconds;
    }

    /** The other process's busiest thread between two snapshots, CPU seconds (0 without one). */
    static double otherBusiestThread(Snapshot a, Snapshot b) {
        double max = 0;
        for (Map.Entry<Long, Long> e : b.otherThreads().entrySet()) {
            max = Math.max(max, (e.getValue() - a.otherThreads().getOrDefault(e.getKey(), 0L)) / 1e9);
        }
        return max;
    }

    /** utime + stime of each thread of a process, from {@code /proc/PID/task/TID/stat}. */
    /**
     * CPU nanoseconds of process {@code pid} so far, split into {@code jit} (C1/C2 compiler threads), {@code gc} (GC
     * worker threads) and {@code rest} (the total minus both: the application, the kernel's work for it, ended
     * threads), from {@code /proc/PID/task/TID/stat}.
     */
    static Map<String, Long> cpuByKind(long pid) {
        long jit = 0;
        long gc = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String stat = Files.readString(t.resolve("stat"));
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                long cpu = statCpuNanos(t.resolve("stat"));
                if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                    jit += cpu;
                } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                    gc += cpu;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended, or a thread did meanwhile: what was read so far
        }
        long total = procCpuNanos(pid);
        return Map.of("jit", jit, "gc", gc, "rest", Math.max(0, total - jit - gc));
    }

    private static Map<Long, Long> taskCpuNanos(long pid) {
        Map<Long, Long> cpu = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(t -> cpu.put(Long.parseLong(t.getFileName().toString()),
                    statCpuNanos(t.resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            // the process ended; no per-thread figures
        }
        return cpu;
    }

    /** utime + stime of a process, from {@code /proc/PID/stat} (fields 14 and 15, after the parenthesized name). */
    static long procCpuNanos(long pid) {
        return statCpuNanos(Path.of("/proc/" + pid + "/stat"));
    }

    private static long statCpuNanos(Path file) {
        try {
            String stat = Files.readString(file);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state), so field 14 is f[11]
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
