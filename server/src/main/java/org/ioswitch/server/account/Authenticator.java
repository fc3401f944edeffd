package org.ioswitch.server.account;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.Objects;
import java.util.Optional;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.server.account.AuthenticationException.Reason;

/** Checks logins against the {@link AccountStore}, throttled by a {@link LoginThrottle}. */
public final class Authenticator {
    private static final String GENERIC = "authentication failed";
    /** Hashed for unknown accounts so that "no such account" takes as long as "wrong password". */

    private final AccountStore store;
    private final LoginThrottle throttle;
    /** Refused logins by reason, for metrics; every listener that uses this authenticator counts here. */
    private final Map<Reason, LongAdder> failures = new EnumMap<>(Reason.class);

    /** An authenticator over a store and a throttle. */
    public Authenticator(AccountStore store, LoginThrottle throttle) {
        this.store = Objects.requireNonNull(store, "store");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        for (Reason r : Reason.values()) {
            failures.put(r, new LongAdder());
        }
    }

    /** How many logins were refused for {@code reason} since this authenticator was made. */
    public long failures(Reason reason) {
        return failures.get(reason).sum();
    }

    /** The store logins are checked against. */
    public AccountStore store() {
        return store;
    }

    /**
     * Checks a password or device secret.
     *
     * @param network the network named in the hello
     * @param name the account name
     * @param secret the UTF-8 password or the device secret, as sent
     * @param peerAddress the peer's IP address, for throttling
     * @return the account
     * @throws AuthenticationException saying why, throttled or not
     */
    public Account password(String network, String name, byte[] secret, String peerAddress)
            throws AuthenticationException {
        String who = name + "." + network;
        checkThrottle(peerAddress, who);
        Optional<Account> found = store.find(network, name);
        if (!PasswordHash.verify(found.map(Account::password), secret)) {
            throttle.failed(peerAddress, who);
            throw counted(found.isEmpty()
                    ? new AuthenticationException(Reason.UNKNOWN_ACCOUNT, "no account " + who, GENERIC)
                    : new AuthenticationException(Reason.BAD_CREDENTIAL, "wrong password for " + who, GENERIC));
        }
        throttle.succeeded(who);
        return found.get();
    }

    /**
     * Accepts a peer whose client certificate was verified and names {@code name}: the certificate is the credential.
     *
     * @throws AuthenticationException if no such account exists
     */
    public Account certificate(String network, String name, String peerAddress) throws AuthenticationException {
        String who = name + "." + network;
        checkThrottle(peerAddress, who);
        Optional<Account> found = store.find(network, name);
        if (found.isEmpty()) {
            throttle.failed(peerAddress, who);
            throw counted(new AuthenticationException(Reason.UNKNOWN_ACCOUNT,
                    "verified client certificate names " + who + ", which has no account", GENERIC));
        }
        return found.get();
    }

    private AuthenticationException counted(AuthenticationException e) {
        failures.get(e.reason()).increment();
        return e;
    }

    private void checkThrottle(String peerAddress, String who) throws AuthenticationException {
        Duration wait = throttle.lockedFor(peerAddress, who);
        if (!wait.isZero()) {
            throw counted(new AuthenticationException(Reason.THROTTLED, "login to " + who + " from " + peerAddress
                    + " throttled for " + LoginThrottle.seconds(wait) + " s after repeated failures",
                    LoginThrottle.peerText(wait)));
        }
    }
}
