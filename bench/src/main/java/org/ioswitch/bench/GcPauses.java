package org.ioswitch.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Collections and their time in this JVM, summed over every collector, so a configuration's rounds can be charged the
 * collections that ran while they did (the garbage may come from an earlier configuration: the JVM is shared).
 */
record GcPauses(long count, long millis) {
    /** The totals so far. */
    static GcPauses now() {
        long c = 0;
        long t = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            c += Math.max(0, b.getCollectionCount());
            t += Math.max(0, b.getCollectionTime());
        }
        return new GcPauses(c, t);
    }

    /** What happened between {@code before} and this. */
    GcPauses since(GcPauses before) {
        return new GcPauses(count - before.count, millis - before.millis);
    }

    GcPauses plus(GcPauses o) {
        return new GcPauses(count + o.count, millis + o.millis);
    }
}
