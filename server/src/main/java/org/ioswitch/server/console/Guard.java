package org.ioswitch.server.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.console.WebSessions.WebSession;
import org.tinylog.Logger;

/**
 * Runs a {@link Resource} only for a live login session whose account still exists, is not a device, is an admin
 * where the resource needs one, and, for anything but GET, presents the session's CSRF token in
 * {@code X-CSRF-Token}. Refusals and errors go out as JSON {@code {"error": ..., "field": ...}}.
 */
final class Guard implements HttpHandler {
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final String prefix;
    private final WebSessions sessions;
    private final AccountStore accounts;
    private final boolean adminOnly;
    private final Resource resource;
    private final PeerLog peerLog;

    Guard(String prefix, WebSessions sessions, AccountStore accounts, boolean adminOnly, Resource resource,
          PeerLog peerLog) {
        this.prefix = prefix;
        this.sessions = sessions;
        this.accounts = accounts;
        this.adminOnly = adminOnly;
        this.resource = resource;
        this.peerLog = peerLog;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Http.secure(ex);
        try {
            byte[] body = Http.readBody(ex);
            resource.handle(check(ex, body));
        } catch (ApiException e) {
            Http.error(ex, e.status(), e.getMessage(), e.field());
        } catch (RuntimeException e) {
            Logger.error(e, "console: {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath());
            Http.error(ex, 500, "internal error (the server log has the details)", null);
        } finally {
            ex.close();
        }
    }

    private Request check(HttpExchange ex, byte[] body) throws ApiException {
        Optional<WebSession> found = Http.cookie(ex, WebSessions.COOKIE).flatMap(sessions::find);
        if (found.isEmpty()) {
            throw new ApiException(401, "not logged in (or the session has expired): log in again");
        }
        WebSession session = found.get();
        Optional<Account> account = accounts.find(session.network(), session.user());
        if (account.isEmpty() || account.get().kind() == AccountKind.DEVICE) {
            sessions.end(session.token());
            throw new ApiException(401, "account " + session.user() + "." + session.network()
                    + " no longer exists: log in again");
        }
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")
                && !session.csrfMatches(ex.getRequestHeaders().getFirst(CSRF_HEADER))) {
            peerLog.info(Http.peer(ex), "console: {} {} by {} from {} refused: missing or wrong CSRF token", method,
                    ex.getRequestURI().getPath(), session.user(), Http.peer(ex));
            throw new ApiException(403, "missing or wrong CSRF token: send the token of your login in "
                    + CSRF_HEADER, CSRF_HEADER);
        }
        if (adminOnly && account.get().kind() != AccountKind.ADMIN) {
            throw new ApiException(403, "only administrators may use " + prefix + " (" + session.user() + " is a "
                    + account.get().kind().label() + ")");
        }
        return new Request(ex, session, account.get(), segments(ex.getRequestURI().getRawPath()), body);
    }

    /** The decoded segments after the prefix; {@code ..} and empty segments are dropped, never interpreted. */
    private List<String> segments(String rawPath) throws ApiException {
        List<String> out = new ArrayList<>();
        String rest = rawPath.length() > prefix.length() ? rawPath.substring(prefix.length()) : "";
        for (String s : rest.split("/")) {
            if (!s.isEmpty()) {
                try {
                    out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(400, "bad escape in path segment \"" + s + "\"");
                }
            }
        }
        return out;
    }
}
