package org.ioswitch.common.metrics;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsServerContext;
import org.tinylog.Logger;

/**
 * A small HTTPS listener that serves only {@code /metrics}, for a process without a web console (the switchbox), on
 * that process's own TLS material; no client certificate is asked for (a scraper authenticates with the token).
 */
public final class MetricsListener implements AutoCloseable {
    private final HttpsServer https;

    private MetricsListener(HttpsServer https) {
        this.https = https;
    }

    /**
     * Binds and serves; refused requests are logged to {@code peerLog}, the process's log of misbehaving peers.
     *
     * @throws IOException if the address cannot be bound, naming it
     */
    public static MetricsListener start(InetSocketAddress listen, String token, TlsServerContext tls,
                                        Supplier<String> text, PeerLog peerLog) throws IOException {
        HttpsServer https;
        try {
            https = HttpsServer.create(listen, 16);
        } catch (IOException e) {
            throw new IOException("metrics: cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        https.setHttpsConfigurator(configurator(tls));
        https.setExecutor(task -> Threads.start("ioswitch-metrics", task));
        https.createContext("/metrics", new MetricsEndpoint(https.getAddress(), token, text, peerLog));
        https.start();
        Logger.info("metrics on https://{}:{}/metrics", https.getAddress().getAddress().getHostAddress(),
                https.getAddress().getPort());
        return new MetricsListener(https);
    }

    /**
     * The HTTPS settings of a browser- or scraper-facing listener on {@code tls}: the current material of every
     * reload, its protocols and suites, never a client certificate.
     */
    public static HttpsConfigurator configurator(TlsServerContext tls) {
        return new HttpsConfigurator(CurrentSslContext.of(tls)) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.sslContext().getDefaultSSLParameters();
                p.setProtocols(tls.options().protocols().toArray(new String[0]));
                p.setCipherSuites(tls.options().cipherSuites().toArray(new String[0]));
                p.setUseCipherSuitesOrder(true);
                p.setNeedClientAuth(false);
                p.setWantClientAuth(false);
                params.setSSLParameters(p);
            }
        };
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return https.getAddress();
    }

    @Override
    public void close() {
        https.stop(0);
    }
}
