package org.ioswitch.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;
import org.ioswitch.common.log.PeerLog;

/**
 * {@code GET /metrics}: open without login while its listener is bound to loopback (only this machine can ask);
 * otherwise only with {@code Authorization: Bearer TOKEN} of the configured {@code metricsToken}, and refused when
 * there is none. The token is compared in constant time and never logged.
 */
public final class MetricsEndpoint implements HttpHandler {
    private final boolean loopback;
    private final byte[] token;
    private final Supplier<String> text;
    private final PeerLog peerLog;

    /**
     * An endpoint for a listener bound to {@code listen}.
     *
     * @param token the bearer token, or null for none
     * @param text builds the current metrics text
     * @param peerLog the process's log of misbehaving peers, where refusals go (collapsed per address)
     */
    public MetricsEndpoint(InetSocketAddress listen, String token, Supplier<String> text, PeerLog peerLog) {
        this.loopback = listen.getAddress() != null && listen.getAddress().isLoopbackAddress();
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.text = text;
        this.peerLog = java.util.Objects.requireNonNull(peerLog, "peerLog");
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (java.io.InputStream in = ex.getRequestBody()) {
            // Read before answering: the JDK's client stops sending a body it sees answered, and the connection hangs.
            in.readNBytes(16 * 1024);
        }
        try {
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "text/plain; charset=utf-8", "metrics are read with GET\n");
                return;
            }
            if (!loopback && !authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                String address = ex.getRemoteAddress().getAddress().getHostAddress();
                // A scraper with a wrong token asks every few seconds, for as long as nobody fixes it.
                peerLog.info(address, "metrics: request from {} refused: {}", address, token == null
                        ? "no metricsToken is configured and the listener is not on loopback"
                        : "missing or wrong bearer token");
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"metrics\"");
                send(ex, token == null ? 403 : 401, "text/plain; charset=utf-8", token == null
                        ? "metrics off loopback need metricsToken in the config\n"
                        : "metrics need Authorization: Bearer <metricsToken>\n");
                return;
            }
            send(ex, 200, MetricsText.CONTENT_TYPE, text.get());
        } finally {
            ex.close();
        }
    }

    private boolean authorized(String header) {
        if (token == null || header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
