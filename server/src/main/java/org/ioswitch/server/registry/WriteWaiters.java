package org.ioswitch.server.registry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.ioswitch.common.wire.WriteOutcome;

/**
 * The operator writes of one DOWN block still waiting for their device's answer. A device answers a version; that
 * answer settles every write up to it, since replication coalesces and a newer image contains the older writes. A
 * write whose device is offline is told PENDING and keeps waiting, so it learns APPLIED once the device is back.
 * Guarded by its {@link Block}'s lock; callbacks run outside it.
 */
final class WriteWaiters {
    /** Most writes kept waiting per block; an older one is dropped (a newer write supersedes it anyway). */
    static final int MAX_WAITING = 1024;

    private record Waiter(long version, Consumer<WriteAnswer> callback) {
    }

    private final Deque<Waiter> waiting = new ArrayDeque<>();

    void add(long version, Consumer<WriteAnswer> callback) {
        if (waiting.size() >= MAX_WAITING) {
            waiting.removeFirst();
        }
        waiting.addLast(new Waiter(version, callback));
    }

    /** Removes and returns the callbacks of every write up to {@code version}. */
    List<Consumer<WriteAnswer>> settle(long version) {
        List<Consumer<WriteAnswer>> out = new ArrayList<>();
        waiting.removeIf(w -> {
            if (w.version() <= version) {
                out.add(w.callback());
                return true;
            }
            return false;
        });
        return out;
    }

    /** The callbacks of every waiting write, which stay waiting (the device went offline: they are pending). */
    List<Consumer<WriteAnswer>> all() {
        List<Consumer<WriteAnswer>> out = new ArrayList<>();
        waiting.forEach(w -> out.add(w.callback()));
        return out;
    }

    static void tell(List<Consumer<WriteAnswer>> callbacks, WriteAnswer result) {
        for (Consumer<WriteAnswer> c : callbacks) {
            c.accept(result);
        }
    }
}
