package org.ioswitch.common.link;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One deadline for an exchange of several steps (TCP, TLS, hello, auth, ...): every blocking read of the exchange
 * gets what is left of it, so a slow peer cannot stretch the whole past its bound by answering each step just in time.
 * Clients connecting and servers reading a hello use it alike.
 */
public final class Deadline {
    private final Duration total;
    private final long end;

    private Deadline(Duration total) {
        this.total = Objects.requireNonNull(total, "total");
        this.end = System.nanoTime() + total.toNanos();
    }

    /** A deadline {@code total} from now. */
    public static Deadline after(Duration total) {
        return new Deadline(total);
    }

    /** The whole time the exchange was given. */
    public Duration total() {
        return total;
    }

    /** What is left; zero once passed. */
    public Duration left() {
        return Duration.ofNanos(Math.max(0, end - System.nanoTime()));
    }

    /**
     * Gives {@code socket}'s next reads what is left of the deadline.
     *
     * @throws SocketTimeoutException naming {@code step} when nothing is left
     * @throws IOException when the socket is closed
     */
    public void arm(Socket socket, String step) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException(step + ": the deadline of " + total.toMillis() + " ms passed before it"
                    + " started");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }
}
