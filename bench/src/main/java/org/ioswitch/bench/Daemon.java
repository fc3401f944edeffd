package org.ioswitch.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Daemon threads for the benchmark's own helpers (sinks, relays, acceptors), so a failed run still exits. */
final class Daemon {
    static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-helper");
        t.setDaemon(true);
        return t;
    });

    private Daemon() {
    }

    static Thread start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
