package org.ioswitch.device.testing;

import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;
import org.ioswitch.common.testing.Await;
import org.ioswitch.device.operator.SignalValue;

/** Waiting for a signal value an operator subscription delivers. */
public final class SignalValues {
    private SignalValues() {
    }

    /** The first value of signal {@code name} that passes {@code test} within {@link Await#DEFAULT}, or null. */
    public static SignalValue awaitValue(BlockingQueue<SignalValue> q, String name, Predicate<SignalValue> test)
            throws InterruptedException {
        return Await.first(q, v -> v.name().equals(name) && test.test(v));
    }
}
