package org.ioswitch.device.e2e;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.runtime.ConnectionListener;

/** Records a device's {@code connected} / {@code disconnected} events, so a test can wait for the next one. */
final class ConnectionEvents implements ConnectionListener {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void connected(ServerAddress s, String identity) {
        events.add("connected");
    }

    @Override
    public void disconnected(ServerAddress s, CloseReason reason) {
        events.add("disconnected");
    }

    /** Waits up to 30 s for the next {@code what} event, passing over the others. */
    void await(String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (what.equals(events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS))) {
                return;
            }
        }
        throw new AssertionError("no '" + what + "' within 30 s");
    }
}
