package org.ioswitch.device.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.testing.Await;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.runtime.ConnectionListener;

/** Records a device's connection events, for a test to take in order, each within a deadline. */
public final class RecordingListener implements ConnectionListener {
    /** What happened. */
    public enum Kind {
        CONNECTED, DISCONNECTED, FAILED, PAIRING_CODE
    }

    /**
     * One event.
     *
     * @param kind what happened
     * @param server the address dialled, or null for a pairing code
     * @param text the identity (connected), the reason (disconnected, failed) or the code (pairing)
     */
    public record Event(Kind kind, String server, String text) {
        /** {@code "connected IDENTITY"}, {@code "failed REASON"}, {@code "disconnected REASON"}, {@code "code C"}. */
        public String line() {
            return (kind == Kind.PAIRING_CODE ? "code" : kind.name().toLowerCase()) + " " + text;
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void connected(ServerAddress server, String identity) {
        events.add(new Event(Kind.CONNECTED, server.toString(), identity));
    }

    @Override
    public void disconnected(ServerAddress server, CloseReason reason) {
        events.add(new Event(Kind.DISCONNECTED, server.toString(), String.valueOf(reason)));
    }

    @Override
    public void failed(ServerAddress server, String reason) {
        events.add(new Event(Kind.FAILED, server.toString(), reason));
    }

    @Override
    public void pairingPending(String code) {
        events.add(new Event(Kind.PAIRING_CODE, null, code));
    }

    /** The next event within {@link Await#DEFAULT}; an AssertionError when none came. */
    public Event next() throws InterruptedException {
        return next(null);
    }

    /** The next event of {@code kind} (null: any) within {@link Await#DEFAULT}, passing over others. */
    public Event next(Kind kind) throws InterruptedException {
        return next(x -> kind == null || x.kind() == kind, kind == null ? "connection" : kind.toString());
    }

    /** The next event that passes {@code test} within {@link Await#DEFAULT}, passing over others. */
    public Event next(Predicate<Event> test, String what) throws InterruptedException {
        Duration within = Await.DEFAULT;
        Event e = Await.first(events, within, test);
        if (e == null) {
            throw new AssertionError("no " + what + " event within " + within);
        }
        return e;
    }
}
