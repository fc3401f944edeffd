package org.ioswitch.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The lines this JVM logs while it is open, for tests that check what a log says (and how much of it). tinylog's
 * console writer prints each entry to {@code System.out} or {@code System.err} (the switchbox's
 * {@code writer.stream = err}) as it is written, with no writing thread in our {@code tinylog.properties}, so the lines
 * are taken there; they still reach the real output too. One capture at a time: surefire runs a module's test classes
 * one after the other.
 */
public final class LogLines implements AutoCloseable {
    private final PrintStream out;
    private final PrintStream err;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogLines() {
        this.out = System.out;
        this.err = System.err;
        System.setOut(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err), true, StandardCharsets.UTF_8));
    }

    /** Starts capturing. */
    public static LogLines capture() {
        return new LogLines();
    }

    /** Every line captured so far that contains {@code text}. */
    public List<String> containing(String text) {
        return matching(l -> l.contains(text));
    }

    /** Every line captured so far that {@code test} accepts. */
    public List<String> matching(Predicate<String> test) {
        return lines.stream().filter(test).toList();
    }

    /** Stops capturing; {@code System.out} and {@code System.err} are the ones from before again. */
    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
    }

    /** Passes bytes on to one original stream and cuts them into lines. */
    private final class Tee extends OutputStream {
        private final PrintStream original;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Tee(PrintStream original) {
            this.original = original;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8).stripTrailing());
                line.reset();
            } else {
                line.write(b);
            }
            original.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
