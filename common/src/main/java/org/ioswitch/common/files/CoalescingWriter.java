package org.ioswitch.common.files;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.ioswitch.common.thread.Threads;
import org.tinylog.Logger;

/**
 * Keeps state files on disk without wearing out an SD card: {@link #offer} marks a file changed, and one background
 * thread writes it ({@link AtomicFiles}: temp, fsync, rename) at most once per {@code interval}, with the content as it
 * is at write time, so a value that flaps a thousand times a second costs one write a second. {@link #close} writes
 * everything still pending (a graceful shutdown); a crash loses at most the last interval, which the versions of the
 * images make harmless (docs/sessions.md, "State and authority").
 */
public final class CoalescingWriter implements AutoCloseable {
    /** Default: at most one write per second and file. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final long intervalNanos;
    private final String name;
    /** Guarded by {@code this}: files changed and not yet written, with what to write. */
    private final Map<Path, Supplier<byte[]>> dirty = new LinkedHashMap<>();
    /** Guarded by {@code this}: when each file was last written (System.nanoTime). */
    private final Map<Path, Long> written = new HashMap<>();
    /** Guarded by {@code this}. */
    private boolean closed;
    private final Thread thread;

    /** A writer whose thread is named for {@code name} (e.g. the state directory). */
    public CoalescingWriter(Duration interval, String name) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be >= 0, was " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.name = Objects.requireNonNull(name, "name");
        this.thread = Threads.start("ioswitch-state " + name, this::loop);
    }

    /** Marks {@code file} changed; {@code content} is asked for the bytes when the file is written. */
    public synchronized void offer(Path file, Supplier<byte[]> content) {
        if (closed) {
            return;
        }
        dirty.put(file, content);
        notifyAll();
    }

    /**
     * Writes {@code file} now, on the caller's thread, if it was not written within the interval (so a change that
     * is not part of a flapping run is on disk before the caller acts on it); otherwise offers it like
     * {@link #offer}, to be written with the newest content once the interval has passed.
     */
    public void writeThrough(Path file, Supplier<byte[]> content) {
        synchronized (this) {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            Long last = written.get(file);
            if (last != null && now - last < intervalNanos) {
                dirty.put(file, content);
                notifyAll();
                return;
            }
            written.put(file, now);
            dirty.remove(file);
        }
        write(file, content);
    }

    /** Writes every pending file now (a shutdown, or a test that wants the disk current). */
    public void flush() {
        Map<Path, Supplier<byte[]>> now;
        synchronized (this) {
            now = new LinkedHashMap<>(dirty);
            dirty.clear();
        }
        now.forEach(this::write);
    }

    /** Writes what is pending and stops the thread; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        try {
            // A write the thread has begun finishes first, so the flush below is the last word on every file.
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    /**
     * Stops without writing what is pending, as a crash would (tests of what survives a crash). Nothing is written
     * afterwards.
     */
    public synchronized void abandon() {
        closed = true;
        dirty.clear();
        notifyAll();
    }

    private void loop() {
        try {
            while (true) {
                Path file = null;
                Supplier<byte[]> content = null;
                synchronized (this) {
                    while (!closed && file == null) {
                        long now = System.nanoTime();
                        long wait = Long.MAX_VALUE;
                        for (Path p : dirty.keySet()) {
                            long due = written.getOrDefault(p, now - intervalNanos) + intervalNanos;
                            if (due <= now) {
                                file = p;
                                break;
                            }
                            wait = Math.min(wait, due - now);
                        }
                        if (file == null) {
                            if (wait == Long.MAX_VALUE) {
                                wait();
                            } else {
                                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, wait);
                            }
                        }
                    }
                    if (closed) {
                        return;
                    }
                    content = dirty.remove(file);
                    written.put(file, System.nanoTime());
                }
                write(file, content);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Path file, Supplier<byte[]> content) {
        try {
            AtomicFiles.write(file, content.get(), false);
        } catch (IOException | RuntimeException e) {
            Logger.warn("{}: cannot write {}: {}", name, file, e.getMessage());
        }
    }

    /** The writer thread, for tests that wait for it to end. */
    Thread thread() {
        return thread;
    }
}
