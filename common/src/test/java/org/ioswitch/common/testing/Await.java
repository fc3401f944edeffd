package org.ioswitch.common.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Waits on a condition with a deadline, never with a sleep. */
public final class Await {
    /** What a test waits for by default: generous, for a loaded 2-core machine. */
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await() {
    }

    /**
     * Takes elements off {@code queue} until one matches {@code test} and returns it, or returns null when none did
     * within {@code timeout}. The elements passed over are gone.
     */
    public static <T> T first(BlockingQueue<T> queue, Duration timeout, Predicate<? super T> test)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            T v = queue.poll(left, TimeUnit.NANOSECONDS);
            if (v != null && test.test(v)) {
                return v;
            }
        }
        return null;
    }

    /** As {@link #first(BlockingQueue, Duration, Predicate)} within {@link #DEFAULT}. */
    public static <T> T first(BlockingQueue<T> queue, Predicate<? super T> test) throws InterruptedException {
        return first(queue, DEFAULT, test);
    }

    /**
     * Polls {@code condition} (every few milliseconds) until it holds; fails with {@code what} when it did not within
     * {@code timeout}. For state that offers no event to wait on, such as a gauge.
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(5);
        }
    }
}
