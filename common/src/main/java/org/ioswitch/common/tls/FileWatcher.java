package org.ioswitch.common.tls;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.thread.Threads;
import org.tinylog.Logger;

/**
 * Watches the directories of some files and runs a callback once a burst of changes to those files has settled.
 * One blocking watch thread, one scheduler thread; no polling.
 */
final class FileWatcher implements AutoCloseable {
    /** Editors and {@code cp} write in several steps; wait for the burst to end before reading. */
    static final Duration DEBOUNCE = Duration.ofMillis(300);

    private final WatchService service;
    private final Map<WatchKey, Path> directories = new HashMap<>();
    private final Set<Path> files = new HashSet<>();
    private final Runnable onChange;
    private final ScheduledExecutorService scheduler;
    private final Thread thread;
    private ScheduledFuture<?> pending; // guarded by this

    FileWatcher(List<Path> watched, Runnable onChange, String name) throws IOException {
        this.onChange = onChange;
        this.service = FileSystems.getDefault().newWatchService();
        for (Path file : watched) {
            Path absolute = file.toAbsolutePath().normalize();
            files.add(absolute);
            Path dir = absolute.getParent();
            if (!directories.containsValue(dir)) {
                directories.put(dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE), dir);
            }
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Threads.daemonFactory("ioswitch-tls-reload " + name));
        this.thread = Threads.start("ioswitch-tls-watch " + name, this::watch);
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path dir = directories.get(key);
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        relevant = true;
                    } else if (dir != null && files.contains(dir.resolve((Path) event.context()))) {
                        relevant = true;
                    }
                }
                key.reset();
                if (relevant) {
                    schedule();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the context is shutting down
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(() -> {
            try {
                onChange.run();
            } catch (RuntimeException e) {
                Logger.error(e, "TLS material reload failed");
            }
        }, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            Logger.debug(e, "closing the watch service");
        }
        scheduler.shutdownNow();
    }
}
