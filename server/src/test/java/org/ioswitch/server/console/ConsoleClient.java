package org.ioswitch.server.console;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A console client for tests, as a browser would be: the JDK's own HTTPS client (not our TLS layer) trusting only the
 * organization root, keeping the session cookie and CSRF token of its last login.
 */
public final class ConsoleClient {
    /** One answer, with the certificate the server presented. */
    public record Response(int status, String body, HttpHeaders headers, X509Certificate serverCertificate) {
        /** The body as a JSON object. */
        public JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        /** A header's first value, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final URI base;
    private final HttpClient http;
    /** {@code name=value} of the session cookie after a login, or null. */
    public String cookie;
    /** The session's CSRF token after a login, or null. */
    public String csrf;

    /** A client of the console at {@code base} ({@code https://127.0.0.1:PORT/}) trusting {@code root}. */
    public ConsoleClient(URI base, Path root) throws Exception {
        this.base = base;
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(root)) {
            trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(20)).build();
    }

    /** Logs in; on success keeps the cookie and the CSRF token. */
    public Response login(String user, String password) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("user", user);
        body.addProperty("password", password);
        Response r = send("POST", "api/v1/login", body, false);
        if (r.status() == 200) {
            String setCookie = r.header("Set-Cookie");
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
            csrf = r.json().get("csrf").getAsString();
        }
        return r;
    }

    /** GET with the session cookie. */
    public Response get(String path) throws Exception {
        return send("GET", path, null, false);
    }

    /** GET with the session cookie and one more header ({@code Authorization} for {@code /metrics}). */
    public Response get(String path, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header(header, value).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        X509Certificate leaf = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        return new Response(r.statusCode(), r.body(), r.headers(), leaf);
    }

    /** A state change with the session cookie and the CSRF token. */
    public Response send(String method, String path, JsonObject body) throws Exception {
        return send(method, path, body, true);
    }

    /** A state change with the session cookie, with or without the CSRF token. */
    public Response send(String method, String path, JsonObject body, boolean withCsrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (withCsrf && csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(""));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        X509Certificate leaf = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        return new Response(r.statusCode(), r.body(), r.headers(), leaf);
    }

    /** Opens a live stream (Server-Sent Events) with the session cookie; the caller reads and closes it. */
    public HttpResponse<java.util.stream.Stream<String>> stream(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    }
}
