package org.ioswitch.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ioswitch.common.terminal.Terminal;
import org.ioswitch.device.operator.SignalValue;

/**
 * The operator's view of one device's signals: updated from the subscription's thread, drawn as a table that
 * refreshes in place on a terminal (one line per refresh otherwise, so logs and CI output stay readable).
 */
final class LiveValues {
    /** In place on a terminal; as lines elsewhere, where each refresh costs a line of output. */
    private static final Duration TERMINAL_REFRESH = Duration.ofMillis(500);
    private static final Duration LINE_REFRESH = Duration.ofSeconds(2);

    private final PrintWriter out;
    private final String device;
    /** Guarded by {@code this}: latest value text and state per signal name. */
    private final Map<String, SignalValue> values = new TreeMap<>();
    private final boolean terminal = Terminal.isAttached();
    private int drawnLines;

    LiveValues(PrintWriter out, String device) {
        this.out = out;
        this.device = device;
    }

    synchronized void update(SignalValue v) {
        values.put(v.name(), v);
        notifyAll();
    }

    /** Waits until the first values arrived. */
    synchronized void awaitValues(Duration timeout) throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        while (values.isEmpty()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no values of " + device + " within " + timeout.toSeconds() + " s");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits until {@code signal} reads {@code expected}. */
    synchronized void awaitValue(String signal, String expected, Duration timeout)
            throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        while (values.get(signal) == null || !expected.equals(values.get(signal).valueText())) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                SignalValue v = values.get(signal);
                throw new TimeoutException(signal + " of " + device + " did not become " + expected + " within "
                        + timeout.toSeconds() + " s (it reads " + (v == null ? "nothing" : v.valueText()) + ")");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Draws the table (every half second on a terminal) for {@code duration}, or until {@code stop} opens. */
    void show(Duration duration, CountDownLatch stop) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        long refresh = (terminal ? TERMINAL_REFRESH : LINE_REFRESH).toNanos();
        do {
            draw();
        } while (System.nanoTime() < end
                && !stop.await(Math.min(refresh, Math.max(0, end - System.nanoTime())), TimeUnit.NANOSECONDS));
        draw();
    }

    private void draw() {
        Map<String, SignalValue> now;
        synchronized (this) {
            now = new TreeMap<>(values);
        }
        if (!terminal) {
            StringBuilder line = new StringBuilder("  ");
            now.forEach((name, v) -> line.append(name).append('=').append(v.valueText()).append(' '));
            out.println(line.toString().stripTrailing());
            out.flush();
            return;
        }
        StringBuilder table = new StringBuilder();
        if (drawnLines > 0) {
            table.append("\033[").append(drawnLines).append('F');
        }
        now.forEach((name, v) -> table.append(String.format("  %-18s %14s  %-8s\033[K%n", name, v.valueText(),
                v.stateText())));
        out.print(table);
        out.flush();
        drawnLines = now.size();
    }
}
