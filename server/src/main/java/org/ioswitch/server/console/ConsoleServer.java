package org.ioswitch.server.console;

import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.ioswitch.common.metrics.MetricsEndpoint;
import org.ioswitch.common.metrics.MetricsListener;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsServerContext;
import org.tinylog.Logger;

/**
 * The home server's web console: the JDK's {@link HttpsServer} on the server's own TLS material (the same
 * {@link TlsServerContext}, so a rotated certificate serves the next connection here too), serving the page and the
 * JSON API under {@code /api/v1/}. Browsers have no client certificates: the console never asks for one, whatever
 * the device listener requires; people log in with their account's password.
 */
public final class ConsoleServer implements AutoCloseable {
    private final HttpsServer https;
    private final WebSessions sessions;

    private ConsoleServer(HttpsServer https, WebSessions sessions) {
        this.https = https;
        this.sessions = sessions;
    }

    /**
     * Binds the listener and starts serving.
     *
     * @throws IOException if the address cannot be bound, naming it
     */
    public static ConsoleServer start(ConsoleOptions options, ConsoleBackend backend, TlsServerContext tls)
            throws IOException {
        HttpsServer https;
        try {
            https = HttpsServer.create(options.listen(), 64);
        } catch (IOException e) {
            throw new IOException("console: cannot listen on " + hostPort(options.listen()) + ": " + e.getMessage(),
                    e);
        }
        // Follows the material through reloads: a rotated certificate serves the next connection here too.
        https.setHttpsConfigurator(MetricsListener.configurator(tls));
        AtomicLong requests = new AtomicLong();
        // One thread per exchange: a live view holds its thread for as long as the page shows it.
        https.setExecutor(task -> Threads.start("ioswitch-console-" + requests.incrementAndGet(), task));

        WebSessions sessions = new WebSessions(options.idleTimeout(), options.sessionLifetime(), backend.clock());
        DeviceViews views = new DeviceViews(backend);
        https.createContext("/", new StaticFiles());
        https.createContext("/api/v1/login", new LoginHandler(backend, sessions, options.network()));
        route(https, "/api/v1/session", sessions, backend, false, new SessionResource(sessions, backend, false));
        route(https, "/api/v1/logout", sessions, backend, false, new SessionResource(sessions, backend, true));
        route(https, "/api/v1/devices", sessions, backend, false, new DevicesResource(backend, views, sessions));
        route(https, "/api/v1/pairing", sessions, backend, true, new PairingResource(backend));
        route(https, "/api/v1/accounts", sessions, backend, true, new AccountsResource(backend, sessions));
        route(https, "/api/v1/audit", sessions, backend, true, new AuditResource(backend));
        https.createContext("/metrics", new MetricsEndpoint(https.getAddress(), options.metricsToken(),
                backend.metrics(), backend.peerLog()));
        https.start();
        ConsoleServer console = new ConsoleServer(https, sessions);
        Logger.info("console on {}", console.url());
        return console;
    }

    private static void route(HttpsServer https, String prefix, WebSessions sessions, ConsoleBackend backend,
                              boolean adminOnly, Resource resource) {
        https.createContext(prefix, new Guard(prefix, sessions, backend.accounts(), adminOnly, resource,
                backend.peerLog()));
    }

    /** The bound address (the real port when port 0 was asked). */
    public InetSocketAddress address() {
        return https.getAddress();
    }

    /** {@code https://127.0.0.1:6380/}, what to open in a browser. */
    public String url() {
        return "https://" + hostPort(address()) + "/";
    }

    /** Number of live login sessions. */
    public int sessionCount() {
        return sessions.count();
    }

    /** Stops the listener and ends every exchange, live views included. */
    @Override
    public void close() {
        https.stop(0);
        Logger.info("console on {} stopped", url());
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
