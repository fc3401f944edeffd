package org.ioswitch.common.log;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tinylog.Logger;

/**
 * INFO lines about what peers did wrong (dropped, refused, timed out), collapsed per address: the first
 * {@code linesPerWindow} lines from one address in a window are written, the rest only counted and summed up once the
 * window has passed: {@code … and 412 more from 10.0.0.7 in the last minute}. A slowloris run or a password flood
 * from one address thus costs a few lines a minute, not one per connection (on a Pi the log is an SD card).
 *
 * <p>Summaries are written when that address logs again after its window, when any address logs and at least one
 * window has passed since the last sweep, and on {@link #flush()} (at shutdown). At most {@code maxAddresses}
 * addresses are remembered; the least recently active one is summed up and dropped first. Thread-safe.
 */
public final class PeerLog {
    /** Three lines per address and minute; 10,000 addresses remembered. */
    public static final int DEFAULT_LINES_PER_WINDOW = 3;

    private static final class Window {
        Instant start;
        int written;
        long suppressed;

        Window(Instant start) {
            this.start = start;
        }
    }

    /** Where lines go: tinylog's INFO in production, a list in tests. */
    interface Sink {
        void info(String format, Object... args);
    }

    private final Sink sink;
    private final int linesPerWindow;
    private final Duration window;
    private final InstantSource clock;
    private final int maxAddresses;
    /** Guarded by itself; access-ordered, so the eldest entry is the least recently active address. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>(64, 0.75f, true);
    /** Guarded by {@link #windows}. */
    private Instant lastSweep;

    /** A log writing {@code linesPerWindow} lines per address and window. */
    public PeerLog(int linesPerWindow, Duration window, int maxAddresses, InstantSource clock) {
        this(linesPerWindow, window, maxAddresses, clock, Logger::info);
    }

    PeerLog(int linesPerWindow, Duration window, int maxAddresses, InstantSource clock, Sink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        if (linesPerWindow < 1) {
            throw new IllegalArgumentException("linesPerWindow must be >= 1, was " + linesPerWindow);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be > 0, was " + window);
        }
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("maxAddresses must be >= 1, was " + maxAddresses);
        }
        this.linesPerWindow = linesPerWindow;
        this.window = window;
        this.maxAddresses = maxAddresses;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastSweep = clock.instant();
    }

    /** Three lines per address and minute on the system clock. */
    public PeerLog() {
        this(InstantSource.system());
    }

    /** Three lines per address and minute on {@code clock} (a process's own clock, which its tests move). */
    public PeerLog(InstantSource clock) {
        this(DEFAULT_LINES_PER_WINDOW, Duration.ofMinutes(1), 10_000, clock);
    }

    /**
     * Writes an INFO line about a peer at {@code address} (an IP address, no port), or counts it if that address has
     * used up its lines in this window. The line never carries a stack trace: pass messages, not exceptions.
     */
    public void info(String address, String format, Object... args) {
        List<String> summaries = new ArrayList<>(1);
        boolean write;
        synchronized (windows) {
            Instant now = clock.instant();
            if (!now.isBefore(lastSweep.plus(window))) {
                sweep(now, summaries);
                lastSweep = now;
            }
            Window w = windows.get(address);
            if (w != null && !now.isBefore(w.start.plus(window))) {
                summary(address, w, summaries);
                w = null;
            }
            if (w == null) {
                w = new Window(now);
                windows.put(address, w);
                if (windows.size() > maxAddresses) {
                    Iterator<Map.Entry<String, Window>> eldest = windows.entrySet().iterator();
                    Map.Entry<String, Window> e = eldest.next();
                    summary(e.getKey(), e.getValue(), summaries);
                    eldest.remove();
                }
            }
            write = w.written < linesPerWindow;
            if (write) {
                w.written++;
            } else {
                w.suppressed++;
            }
        }
        summaries.forEach(line -> sink.info("{}", line));
        if (write) {
            sink.info(format, args);
        }
    }

    /** Writes every pending summary now (at shutdown, so no count is lost). */
    public void flush() {
        List<String> summaries = new ArrayList<>();
        synchronized (windows) {
            windows.forEach((address, w) -> summary(address, w, summaries));
            windows.clear();
        }
        summaries.forEach(line -> sink.info("{}", line));
    }

    /** Lines counted but not written so far, over all addresses still remembered (for tests and metrics). */
    public long suppressed() {
        synchronized (windows) {
            return windows.values().stream().mapToLong(w -> w.suppressed).sum();
        }
    }

    private void sweep(Instant now, List<String> summaries) {
        for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Window> e = it.next();
            if (!now.isBefore(e.getValue().start.plus(window))) {
                summary(e.getKey(), e.getValue(), summaries);
                it.remove();
            }
        }
    }

    private void summary(String address, Window w, List<String> summaries) {
        if (w.suppressed > 0) {
            summaries.add("… and " + w.suppressed + " more from " + address + " in the last " + span());
        }
    }

    private String span() {
        return window.equals(Duration.ofMinutes(1)) ? "minute" : window.toSeconds() + " s";
    }
}
