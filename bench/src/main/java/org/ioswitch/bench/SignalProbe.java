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
    private final BlockingQueue<Arrival> atServer = new LinkedBlockingQueue<>();
    /** With {@link #timeLegs}: the legs' latencies, recorded by {@link #once}. */
    private Latencies up;
    private Latencies down;

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

    /**
     * Also times the two legs of each update: device → server (until the server's copy of {@code exp} holds the stamp;
     * a listener on {@code serverExp}, run by the server's reader of the device link) and server → operator (the
     * rest). Costs the server's reader a queue insert per update: a diagnostic, off in the plain run.
     */
    void timeLegs(org.ioswitch.server.registry.Block serverExp, Latencies up, Latencies down) {
        int at = stamp.signal().addr() + 1; // the state byte, then the value, little-endian
        serverExp.listen(image -> {
            long now = System.nanoTime();
            long s = 0;
            for (int i = 7; i >= 0; i--) {
                s = (s << 8) | (image[at + i] & 0xFF);
            }
            if (s != 0) {
                atServer.add(new Arrival(s, now));
            }
        });
        this.up = up;
        this.down = down;
    }

    /** One update; its latency in nanoseconds. */
    long once() throws IOException, InterruptedException {
        long t = System.nanoTime();
        stamp.set(t);
        exp.publish();
        long total = Arrival.await(arrivals, t, what);
        if (up != null) {
            long first = Arrival.await(atServer, t, what + " (server leg)");
            up.record(first);
            down.record(total - first);
        }
        return total;
    }
}
