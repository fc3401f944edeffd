package org.ioswitch.common.testing;

import java.util.concurrent.Executor;
import org.ioswitch.common.thread.Threads;

/**
 * Runs each task on a daemon thread of its own: for futures whose task blocks (a CLI run, a blocking read). The
 * common pool has one or two threads on a small machine, and one blocked task there stalls every other.
 */
public final class OwnThread {
    /** The executor: one new daemon thread {@code test-blocking} per task. */
    public static final Executor EXECUTOR = task -> Threads.platform("test-blocking", task);

    private OwnThread() {
    }
}
