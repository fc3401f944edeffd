package org.ioswitch.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ioswitch.common.thread.Threads;

/** Daemon threads for the benchmark's own helpers (sinks, relays, acceptors), so a failed run still exits. */
final class Daemon {
    static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(Threads.daemonFactory("bench-helper"));

    private Daemon() {
    }

    static Thread start(String name, Runnable task) {
        return Threads.platform(name, task);
    }
}
