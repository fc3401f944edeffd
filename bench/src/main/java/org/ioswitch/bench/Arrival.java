package org.ioswitch.bench;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** A stamped message seen by its receiver: the sender's {@code System.nanoTime()} stamp and the arrival time. */
record Arrival(long stamp, long at) {
    /** Waits up to 5 s for the arrival of {@code stamp} on {@code q} and returns its latency in nanoseconds. */
    static long await(BlockingQueue<Arrival> q, long stamp, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            long left = deadline - System.nanoTime();
            Arrival a = left > 0 ? q.poll(left, TimeUnit.NANOSECONDS) : null;
            if (a == null) {
                throw new IOException(what + ": update stamped " + stamp + " did not arrive within 5 s");
            }
            if (a.stamp == stamp) {
                return a.at - a.stamp;
            }
        }
    }
}
