package org.ioswitch.bench;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.SignalHandle;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.runtime.Device;

/**
 * One stamped signal update device → home server → operator, one in flight: writes {@code System.nanoTime()} into
 * the device's {@code exp.stamp}, publishes, and waits for the operator's listener to see it.
 */
final class SignalProbe {
    /** A signal map whose {@code exp} holds the one {@code long} signal {@code stamp}. */
    static final String MAP = """
            {"mblk": [{"name": "exp", "groups": [{"name": "bench", "signals": [{"name": "stamp", "type": "long"}]}]},
                      {"name": "imp", "groups": [{"name": "bench", "signals": [{"name": "unused", "type": "boolean"}]}]}]}
            """;

    private final String what;
    private final MemoryBlock exp;
    private final SignalHandle stamp;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();

    /** Subscribes {@code operator} to {@code device}'s signals; {@code what} names the path in errors. */
    SignalProbe(Device device, OperatorClient operator, String what) throws IOException {
        this.what = what;
        this.exp = device.block("exp");
        this.stamp = exp.signal("stamp");
        operator.subscribe(device.id(), v -> {
            long now = System.nanoTime();
            if (v.name().equals("exp.stamp") && v.value() instanceof Long s && s != 0) {
                arrivals.add(new Arrival(s, now));
            }
        });
    }

    /** One update; its latency in nanoseconds. */
    long once() throws IOException, InterruptedException {
        long t = System.nanoTime();
        stamp.set(t);
        exp.publish();
        return Arrival.await(arrivals, t, what);
    }
}
