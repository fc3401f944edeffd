package org.ioswitch.common.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ioswitch.common.thread.Threads;

/** A TLS listener on 127.0.0.1, port 0, that accepts connections with a server context and echoes one byte. */
final class Loopback implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ServerSocket listener;
    private final ExecutorService executor = Executors.newCachedThreadPool(Threads.daemonFactory("loopback-accept"));

    Loopback() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout((int) TIMEOUT.toMillis());
    }

    int port() {
        return listener.getLocalPort();
    }

    ServerSocket listener() {
        return listener;
    }

    /** Accepts one connection with {@code server}, echoes one byte on it and returns it. */
    Future<TlsConnection> acceptOne(TlsServerContext server) {
        return executor.submit(() -> {
            Socket tcp = listener.accept();
            TlsConnection connection = server.accept(tcp, TIMEOUT);
            int b = connection.socket().getInputStream().read();
            connection.socket().getOutputStream().write(b);
            connection.socket().getOutputStream().flush();
            return connection;
        });
    }

    /** Connects, exchanges a byte and returns both ends; fails the test if either side refuses. */
    Pair connect(TlsServerContext server, TlsClientContext client, String host) throws Exception {
        Future<TlsConnection> accepted = acceptOne(server);
        TlsConnection c = client.connect(host, port(), TIMEOUT);
        ping(c);
        return new Pair(c, accepted.get(TIMEOUT.toSeconds(), SECONDS));
    }

    /** Expects the server to refuse: returns the server's reason; the client fails at connect or on its first read. */
    String serverRefuses(TlsServerContext server, TlsClientContext client, String host) throws Exception {
        Future<TlsConnection> accepted = acceptOne(server);
        ExecutionException e = assertThrows(ExecutionException.class, () -> {
            try (TlsConnection c = client.connect(host, port(), TIMEOUT)) {
                c.socket().getOutputStream().write(42);
                c.socket().getOutputStream().flush();
                assertEquals(-1, c.socket().getInputStream().read(), "server should have closed");
            } catch (IOException expected) {
                // refused during the handshake or on the first read: the server's future tells why
            }
            accepted.get(TIMEOUT.toSeconds(), SECONDS);
        });
        assertTrue(e.getCause() instanceof IOException, "server failure: " + e.getCause());
        return e.getCause().getMessage();
    }

    /** Expects the client to refuse the server: returns the client's reason. */
    String clientRefuses(TlsServerContext server, TlsClientContext client, String host) throws Exception {
        Future<TlsConnection> accepted = acceptOne(server);
        IOException e = assertThrows(IOException.class, () -> client.connect(host, port(), TIMEOUT));
        assertThrows(ExecutionException.class, () -> accepted.get(TIMEOUT.toSeconds(), SECONDS));
        return e.getMessage();
    }

    static void ping(TlsConnection c) throws IOException {
        c.socket().getOutputStream().write(42);
        c.socket().getOutputStream().flush();
        assertEquals(42, c.socket().getInputStream().read());
    }

    @Override
    public void close() throws IOException {
        listener.close();
        executor.shutdownNow();
    }

    /** Both ends of one connection. */
    record Pair(TlsConnection client, TlsConnection server) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }
}
