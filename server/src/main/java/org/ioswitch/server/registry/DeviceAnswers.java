package org.ioswitch.server.registry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.WriteOutcome;

/**
 * What became of a write from above, as its device answers it: the one way every writer (an operator's session, the
 * web console) follows a {@link Block#write}. A write to an offline device is PENDING at once (since when it was last
 * live) and keeps waiting, so APPLIED or REJECTED follows once the device is back (docs/sessions.md, "State and
 * authority").
 */
public final class DeviceAnswers {
    /** The note of a PENDING answer: the device is offline. */
    public static final String OFFLINE = "device offline; it gets the value when it reconnects";

    private DeviceAnswers() {
    }

    /**
     * Tells {@code callback} what becomes of the write of {@code version} of {@code block}: PENDING at once when its
     * device is offline now, then APPLIED or REJECTED when the device answers (and PENDING each time it goes offline
     * meanwhile). The callback runs on whichever thread learns it; it must not block.
     */
    public static void follow(Network network, Block block, long version, Consumer<WriteAnswer> callback) {
        DeviceStatus st = network.status(block.deviceId()).orElse(null);
        if (st == null || !st.online()) {
            callback.accept(new WriteAnswer(WriteOutcome.PENDING, version, st == null ? 0 : st.lastLiveMillis(),
                    OFFLINE));
        }
        block.awaitAnswer(version, callback);
    }

    /**
     * The first answer to the write of {@code version} within {@code wait}: APPLIED, REJECTED, PENDING while the
     * device is offline, or PENDING (since 0) when an online device did not answer in time — the server keeps the
     * value either way.
     */
    public static WriteAnswer first(Network network, Block block, long version, Duration wait)
            throws InterruptedException {
        CompletableFuture<WriteAnswer> answer = new CompletableFuture<>();
        follow(network, block, version, answer::complete);
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new WriteAnswer(WriteOutcome.PENDING, version, 0, "no answer from the device within "
                    + wait.toSeconds() + " s (it is online; the server keeps the value)");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a write answer callback cannot fail", e);
        }
    }
}
