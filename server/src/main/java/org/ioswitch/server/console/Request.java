package org.ioswitch.server.console;

import com.sun.net.httpserver.HttpExchange;
import java.util.List;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.console.WebSessions.WebSession;

/**
 * An authenticated API request, as a resource sees it.
 *
 * @param exchange the HTTP exchange
 * @param session the login session
 * @param account the account as {@code accounts.json} says now (rights changed since the login apply at once)
 * @param path the decoded path segments after the resource's own prefix ({@code /api/v1/devices/gina3.x/values}
 *     gives {@code [gina3.x, values]})
 * @param bytes the request body, read whole before anything was checked
 */
record Request(HttpExchange exchange, WebSession session, Account account, List<String> path, byte[] bytes) {
    /** The body as a JSON object; see {@link Http#body}. */
    com.google.gson.JsonObject body() throws ApiException {
        return Http.body(exchange, bytes);
    }

    String method() {
        return exchange.getRequestMethod();
    }

    boolean admin() {
        return account.kind() == AccountKind.ADMIN;
    }

    /** How the audit log names the actor: {@code console:alice}. */
    String actor() {
        return "console:" + account.name();
    }
}
