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
import org.ioswitch.common.thread.Threads;

/**
 * A plain TCP proxy on 127.0.0.1 that can be frozen: while frozen it forwards nothing either way but keeps every
 * connection open, as a SIGSTOPped process or a black-holed route would look to both ends.
 */
final class PausableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean frozen;

    PausableProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Threads.start("pausable-proxy", this::acceptLoop);
    }

    String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    void freeze(boolean on) {
        synchronized (gate) {
            frozen = on;
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress("127.0.0.1", target), 10_000);
                sockets.add(client);
                sockets.add(server);
                pipe(client, server);
                pipe(server, client);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pipe(Socket from, Socket to) {
        Threads.start("pausable-proxy-pipe", () -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (gate) {
                        while (frozen) {
                            gate.wait();
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        freeze(false);
        listener.close();
        sockets.forEach(PausableProxy::closeQuietly);
    }
}
