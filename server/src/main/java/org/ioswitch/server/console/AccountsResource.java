package org.ioswitch.server.console;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountsException;
import org.ioswitch.server.account.BlockRules;

/**
 * Admins only, within the admin's own network. {@code GET /api/v1/accounts}; {@code POST /api/v1/accounts}
 * {@code {"name", "kind", "password", "read"?, "write"?}}; {@code DELETE /api/v1/accounts/NAME};
 * {@code POST /api/v1/accounts/NAME/password} {@code {"password"}}; {@code PUT /api/v1/accounts/NAME/rights}
 * {@code {"kind"?, "read"?, "write"?}}. Every change goes to the audit log; an admin cannot remove or demote itself
 * (a network must keep its way in). A removed account's or changed password's other logins end at once.
 */
final class AccountsResource implements Resource {
    /** One account as listed: never its hash. */
    record AccountView(String name, String kind, List<String> read, List<String> write) {
        static AccountView of(Account a) {
            return new AccountView(a.name(), a.kind().label(), a.rules().read(), a.rules().write());
        }
    }

    private final ConsoleBackend backend;
    private final WebSessions sessions;

    AccountsResource(ConsoleBackend backend, WebSessions sessions) {
        this.backend = backend;
        this.sessions = sessions;
    }

    @Override
    public void handle(Request r) throws ApiException, IOException {
        List<String> p = r.path();
        String network = r.account().network();
        try {
            if (p.isEmpty() && r.method().equals("GET")) {
                List<AccountView> out = new ArrayList<>();
                backend.accounts().list().stream().filter(a -> a.network().equals(network))
                        .forEach(a -> out.add(AccountView.of(a)));
                Http.json(r.exchange(), 200, Map.of("accounts", out));
            } else if (p.isEmpty() && r.method().equals("POST")) {
                Http.json(r.exchange(), 201, add(r, r.body()));
            } else if (p.size() == 1 && r.method().equals("DELETE")) {
                remove(r, p.get(0));
                Http.send(r.exchange(), 204, new byte[0]);
            } else if (p.size() == 2 && p.get(1).equals("password") && r.method().equals("POST")) {
                password(r, p.get(0), Http.string(r.body(), "password"));
                Http.send(r.exchange(), 204, new byte[0]);
            } else if (p.size() == 2 && p.get(1).equals("rights") && r.method().equals("PUT")) {
                Http.json(r.exchange(), 200, rights(r, p.get(0), r.body()));
            } else {
                throw new ApiException(404, "no such accounts action: " + r.method() + " /api/v1/accounts/"
                        + String.join("/", p));
            }
        } catch (AccountsException e) {
            backend.audit().append(r.actor(), "accounts", String.join("/", p), false, e.getMessage());
            throw new ApiException(e.getMessage().contains("exists already") ? 409
                    : e.getMessage().startsWith("no account") ? 404 : 500, e.getMessage());
        }
    }

    private AccountView add(Request r, JsonObject body) throws ApiException, AccountsException {
        String name = Http.string(body, "name");
        AccountKind kind = kind(Http.string(body, "kind"));
        String password = Http.string(body, "password");
        Account a;
        try {
            a = Account.create(r.account().network(), name, kind, password.toCharArray());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage(), e.getMessage().startsWith("password") ? "password" : "name");
        }
        if (body.has("read") || body.has("write")) {
            a = a.withRules(rules(body, a.rules()));
        }
        backend.accounts().add(a);
        backend.audit().append(r.actor(), "account-add", a.qualifiedName(), true, kind.label());
        return AccountView.of(a);
    }

    private void remove(Request r, String name) throws ApiException, AccountsException {
        if (name.equals(r.account().name())) {
            throw new ApiException(409, "you cannot remove your own account", "name");
        }
        backend.accounts().remove(r.account().network(), name);
        sessions.endAll(r.account().network(), name);
        backend.audit().append(r.actor(), "account-remove", name + "." + r.account().network(), true, "removed");
    }

    private void password(Request r, String name, String password) throws ApiException, AccountsException {
        if (password.isEmpty()) {
            throw new ApiException(400, "password must not be empty", "password");
        }
        backend.accounts().update(r.account().network(), name, a -> a.withPassword(password.toCharArray()));
        // Everyone else logged in as that account must log in with the new password; the changer stays.
        String keep = r.session().token();
        sessions.endAllBut(r.account().network(), name, keep);
        backend.audit().append(r.actor(), "account-password", name + "." + r.account().network(), true, "changed");
    }

    private AccountView rights(Request r, String name, JsonObject body) throws ApiException, AccountsException {
        Account current = backend.accounts().find(r.account().network(), name)
                .orElseThrow(() -> new ApiException(404, "no account " + name + "." + r.account().network()));
        AccountKind kind = body.has("kind") ? kind(Http.string(body, "kind")) : current.kind();
        if (name.equals(r.account().name()) && kind != AccountKind.ADMIN) {
            throw new ApiException(409, "you cannot take your own admin rights away", "kind");
        }
        if ((kind == AccountKind.DEVICE) != (current.kind() == AccountKind.DEVICE)) {
            throw new ApiException(400, "a device account stays a device account, a person's stays a person's",
                    "kind");
        }
        BlockRules rules = rules(body, kind == current.kind() ? current.rules() : BlockRules.defaultsFor(kind));
        Account changed = new Account(current.network(), name, kind, current.password(), rules);
        backend.accounts().update(r.account().network(), name, a -> changed);
        backend.audit().append(r.actor(), "account-rights", changed.qualifiedName(), true, kind.label() + " read="
                + rules.read() + " write=" + rules.write());
        return AccountView.of(changed);
    }

    private static AccountKind kind(String label) throws ApiException {
        try {
            return AccountKind.ofLabel(label);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "kind: " + e.getMessage(), "kind");
        }
    }

    private static BlockRules rules(JsonObject body, BlockRules base) throws ApiException {
        List<String> read = body.has("read") ? patterns(body, "read") : base.read();
        List<String> write = body.has("write") ? patterns(body, "write") : base.write();
        try {
            return new BlockRules(read, write);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage(), e.getMessage().startsWith("read") ? "read" : "write");
        }
    }

    private static List<String> patterns(JsonObject body, String field) throws ApiException {
        JsonElement e = body.get(field);
        if (!e.isJsonArray()) {
            throw new ApiException(400, field + ": expected a list of DEVICE.BLOCK patterns", field);
        }
        List<String> out = new ArrayList<>();
        for (JsonElement p : e.getAsJsonArray()) {
            if (!p.isJsonPrimitive() || !p.getAsJsonPrimitive().isString()) {
                throw new ApiException(400, field + ": expected strings like \"*.exp\"", field);
            }
            out.add(p.getAsString());
        }
        return out;
    }
}
