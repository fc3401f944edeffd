package org.ioswitch.device.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.ioswitch.common.thread.Threads;

/**
 * A TCP forwarder on 127.0.0.1 (port 0) to a target port, for a network that goes wrong: {@link #freeze()} stops
 * moving bytes but keeps every socket open (a peer that went silent: only keepalive can tell), {@link #cut()} resets
 * every connection (no close frame: a crash or a cable pulled). TLS passes through it untouched.
 */
final class FreezableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch thaw = new CountDownLatch(1);
    private volatile boolean frozen;

    FreezableProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Threads.start("test-proxy accept", this::accept);
    }

    String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket in = listener.accept();
                Socket out = new Socket();
                out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 10_000);
                sockets.add(in);
                sockets.add(out);
                Threads.start("test-proxy up", () -> pump(in, out));
                Threads.start("test-proxy down", () -> pump(out, in));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (frozen) {
                    thaw.await(); // held until close(): the bytes never arrive
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** From now on nothing passes, and nothing is closed. */
    void freeze() {
        frozen = true;
    }

    /** Resets every connection at once (RST, no close frame) and takes new ones. */
    void cut() throws IOException {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // closed already by its pump
            }
            s.close();
        }
        sockets.clear();
    }

    @Override
    public void close() throws IOException {
        thaw.countDown();
        listener.close();
        cut();
    }
}
