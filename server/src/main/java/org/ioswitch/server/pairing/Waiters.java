package org.ioswitch.server.pairing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.ioswitch.common.wire.CloseCode;
import org.tinylog.Logger;

/** Connections waiting for a decision, one per secret; decisions run outside the pairing lock. */
final class Waiters {
    /** Guarded by {@code this}. */
    private final Map<String, Consumer<Decision>> bySecret = new HashMap<>();

    AutoCloseable add(String secretId, Consumer<Decision> onDecision) {
        Consumer<Decision> previous;
        synchronized (this) {
            previous = bySecret.put(secretId, onDecision);
        }
        if (previous != null) {
            run(previous, new Decision.Refused(CloseCode.REPLACED, "the same device connected again"));
        }
        return () -> {
            synchronized (this) {
                bySecret.remove(secretId, onDecision);
            }
        };
    }

    void decide(String secretId, Decision decision) {
        Consumer<Decision> waiter;
        synchronized (this) {
            waiter = bySecret.remove(secretId);
        }
        if (waiter != null) {
            run(waiter, decision);
        }
    }

    private static void run(Consumer<Decision> waiter, Decision decision) {
        try {
            waiter.accept(decision);
        } catch (RuntimeException e) {
            Logger.error(e, "pairing decision {} could not be delivered", decision);
        }
    }
}
