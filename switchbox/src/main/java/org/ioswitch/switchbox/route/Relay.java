package org.ioswitch.switchbox.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tunnel.TunnelStream;
import org.ioswitch.common.wire.CloseCode;
import org.tinylog.Logger;

/**
 * One relayed client: bytes from the client's TLS socket go into its tunnel stream and back. The switchbox does not
 * look inside: with end-to-end TLS these are the inner session's records. Back-pressure is the stream's credit: a
 * home server that does not read stops this relay from reading its client, and no other stream.
 */
final class Relay {
    private final Router router;
    private final TlsConnection client;
    private final String network;
    private final TunnelStream stream;
    private final RelayTap tap;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastActivity = System.nanoTime();

    Relay(Router router, TlsConnection client, String network, TunnelStream stream, RelayTap tap) {
        this.router = router;
        this.client = client;
        this.network = network;
        this.stream = stream;
        this.tap = tap;
    }

    long lastActivity() {
        return lastActivity;
    }

    /** Sends the client's hello (re-encoded) into the stream, then pumps both ways on two threads. */
    void start(byte[] hello) {
        String name = network + " stream " + stream.id();
        Threads.start("ioswitch-relay-up " + name, () -> {
            try {
                tap.relayed(network, stream.id(), true, hello, 0, hello.length);
                stream.output().write(hello);
                pump(client.socket().getInputStream(), stream.output(), true);
                close(CloseCode.NORMAL, "client ended");
            } catch (IOException e) {
                close(CloseCode.NORMAL, "client side: " + e.getMessage());
            }
        });
        Threads.start("ioswitch-relay-down " + name, () -> {
            try {
                pump(stream.input(), client.socket().getOutputStream(), false);
                close(CloseCode.NORMAL, "home server ended");
            } catch (IOException e) {
                close(CloseCode.NORMAL, "home side: " + e.getMessage());
            }
        });
    }

    private void pump(InputStream in, OutputStream out, boolean toHome) throws IOException {
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            lastActivity = System.nanoTime();
            tap.relayed(network, stream.id(), toHome, buf, 0, n);
            out.write(buf, 0, n);
            out.flush();
        }
    }

    /** Ends the stream (queued data first) and the client's connection. Idempotent. */
    void close(CloseCode code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Counted as ended before the client sees its socket close, so whoever watches the client end finds it gone.
        router.ended(this);
        stream.close(code, reason);
        Router.closeQuietly(client);
        if (code == CloseCode.NORMAL) {
            Logger.info("relay {} stream {} ended: {}", network, stream.id(), reason);
        } else {
            Logger.info("relay {} stream {} closed: {} {}", network, stream.id(), code, reason);
        }
    }
}
