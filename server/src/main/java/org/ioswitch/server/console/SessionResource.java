package org.ioswitch.server.console;

import java.io.IOException;
import org.tinylog.Logger;

/**
 * {@code GET /api/v1/session}: who is logged in, with the CSRF token (the page reloads it after a refresh);
 * {@code POST /api/v1/logout}: ends the session and clears the cookie.
 */
final class SessionResource implements Resource {
    private final WebSessions sessions;
    private final ConsoleBackend backend;
    private final boolean logout;

    SessionResource(WebSessions sessions, ConsoleBackend backend, boolean logout) {
        this.sessions = sessions;
        this.backend = backend;
        this.logout = logout;
    }

    @Override
    public void handle(Request r) throws ApiException, IOException {
        if (!logout) {
            if (!r.method().equals("GET")) {
                throw new ApiException(405, "GET /api/v1/session, or POST /api/v1/logout");
            }
            Http.json(r.exchange(), 200, LoginHandler.Who.of(r.account(), r.session(), sessions.idle()));
            return;
        }
        if (!r.method().equals("POST")) {
            throw new ApiException(405, "log out with POST");
        }
        sessions.end(r.session().token());
        backend.audit().append(r.actor(), "logout", r.account().network(), true, "from " + Http.peer(r.exchange()));
        Logger.info("console: {} logged out", r.account().qualifiedName());
        r.exchange().getResponseHeaders().add("Set-Cookie", WebSessions.COOKIE
                + "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
        Http.send(r.exchange(), 204, new byte[0]);
    }
}
