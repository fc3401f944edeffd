package org.ioswitch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time (user + system) of every thread of this JVM over a measured window, by thread name, so a bench can say
 * where its CPU per MiB goes. On Java 21+ virtual threads are not listed; the bulk benches here run on platform
 * threads (the device and server links use platform threads on every runtime).
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** CPU nanoseconds per thread id, names, and the whole process at one instant. */
    record Snapshot(Map<Long, Long> cpu, Map<Long, String> names, long process) {}

    static boolean supported() {
        return THREADS.isThreadCpuTimeSupported();
    }

    static Snapshot snapshot() {
        THREADS.setThreadCpuTimeEnabled(true);
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                long t = THREADS.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
        return new Snapshot(cpu, names, OS.getProcessCpuTime());
    }

    /**
     * CPU nanoseconds spent between two snapshots, by thread name (digits of addresses and ports folded so the same
     * role keeps one name across rounds), largest first, with "process" for the whole JVM.
     */
    static Map<String, Long> between(Snapshot start, Snapshot end) {
        Map<String, Long> byName = new HashMap<>();
        for (Map.Entry<Long, Long> e : end.cpu().entrySet()) {
            long spent = e.getValue() - start.cpu().getOrDefault(e.getKey(), 0L);
            if (spent > 0) {
                String name = end.names().get(e.getKey()).replaceAll("[0-9.:]+", "#");
                byName.merge(name, spent, Long::sum);
            }
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        sorted.put("process", end.process() - start.process());
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
