package org.ioswitch.server.console;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AuthenticationException;
import org.ioswitch.server.console.WebSessions.WebSession;
import org.tinylog.Logger;

/**
 * {@code POST /api/v1/login} {@code {"user": "alice", "password": "...", "network": "pekkahome"}} (network optional):
 * the server's own {@link org.ioswitch.server.account.Authenticator}, so the same hashes and the same throttle as a
 * TLS login; every attempt is written to the audit log (without the password). Answers the session's CSRF token and
 * sets the session cookie ({@code HttpOnly; Secure; SameSite=Strict}).
 */
final class LoginHandler implements HttpHandler {
    private final ConsoleBackend backend;
    private final WebSessions sessions;
    private final String defaultNetwork;

    LoginHandler(ConsoleBackend backend, WebSessions sessions, String defaultNetwork) {
        this.backend = backend;
        this.sessions = sessions;
        this.defaultNetwork = defaultNetwork;
    }

    /** What a login answers, and {@code GET /api/v1/session} too. */
    record Who(String user, String network, String kind, String csrf, long idleTimeoutSeconds) {
        static Who of(Account a, WebSession s, Duration idle) {
            return new Who(a.name(), a.network(), a.kind().label(), s.csrf(), idle.toSeconds());
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Http.secure(ex);
        try {
            byte[] body = Http.readBody(ex);
            if (!ex.getRequestMethod().equals("POST")) {
                throw new ApiException(405, "log in with POST");
            }
            login(ex, Http.body(ex, body));
        } catch (ApiException e) {
            Http.error(ex, e.status(), e.getMessage(), e.field());
        } finally {
            ex.close();
        }
    }

    private void login(HttpExchange ex, JsonObject body) throws ApiException, IOException {
        String user = Http.string(body, "user");
        String password = Http.string(body, "password");
        String network = Http.optionalString(body, "network").orElseGet(this::network);
        if (network == null) {
            throw new ApiException(400, "network: expected one of " + backend.accounts().networks(), "network");
        }
        String peer = Http.peer(ex);
        Account account;
        try {
            account = backend.authenticator().password(network, user, password.getBytes(StandardCharsets.UTF_8),
                    peer);
        } catch (AuthenticationException e) {
            // A password flood from one address: a few lines a minute, the rest summed up.
            backend.peerLog().info(peer, "console: login from {} refused: {}", peer, e.getMessage());
            backend.audit().append("console:" + user, "login", network, false, e.reason().name().toLowerCase()
                    + " from " + peer);
            if (e.reason() == AuthenticationException.Reason.THROTTLED) {
                ex.getResponseHeaders().set("Retry-After", String.valueOf(retryAfter(e.peerText())));
                throw new ApiException(429, e.peerText());
            }
            throw new ApiException(401, "wrong user or password");
        }
        if (account.kind() == AccountKind.DEVICE) {
            backend.audit().append("console:" + user, "login", network, false, "device account from " + peer);
            throw new ApiException(403, user + " is a device account: devices do not use the console");
        }
        WebSession s = sessions.login(account.network(), account.name());
        backend.audit().append("console:" + user, "login", network, true, "from " + peer);
        Logger.info("console: {} logged in from {}", account.qualifiedName(), peer);
        ex.getResponseHeaders().add("Set-Cookie", WebSessions.COOKIE + "=" + s.token()
                + "; Path=/; HttpOnly; Secure; SameSite=Strict");
        Http.json(ex, 200, Who.of(account, s, sessions.idle()));
    }

    /** The configured network, else the only one served; null when several are served and none is configured. */
    private String network() {
        if (defaultNetwork != null) {
            return defaultNetwork;
        }
        Set<String> served = backend.accounts().networks();
        return served.size() == 1 ? served.iterator().next() : null;
    }

    /** The seconds in the throttle's peer text ("too many failed logins, retry in 12 s"), at least 1. */
    private static long retryAfter(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) s").matcher(text);
        return m.find() ? Math.max(1, Long.parseLong(m.group(1))) : 1;
    }
}
