package org.ioswitch.server.account;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.ioswitch.common.auth.LoginCounts;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.server.account.AuthenticationException.Reason;

/**
 * Checks logins against the {@link AccountStore}. Password and device-secret logins go through a
 * {@link LoginThrottle} (refused per account+address and per address, delayed per account, never locked for the
 * owner by strangers); certificate logins are never throttled, there is nothing to guess.
 */
public final class Authenticator {
    private static final String GENERIC = "authentication failed";
    /** Hashed for unknown accounts so that "no such account" takes as long as "wrong password". */

    private final AccountStore store;
    private final LoginThrottle throttle;

    /** An authenticator over a store and a throttle. */
    public Authenticator(AccountStore store, LoginThrottle throttle) {
        this.store = Objects.requireNonNull(store, "store");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    /** What the throttle did, for metrics. */
    public LoginCounts loginCounts() {
        return throttle.counts();
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
        try {
            throttle.pause(who);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException(Reason.THROTTLED, "login to " + who + " from " + peerAddress
                    + " interrupted during its delay", "server is closing");
        }
        Optional<Account> found = store.find(network, name);
        if (!PasswordHash.verify(found.map(Account::password), secret)) {
            throttle.failed(peerAddress, who);
            throw found.isEmpty()
                    ? new AuthenticationException(Reason.UNKNOWN_ACCOUNT, "no account " + who, GENERIC)
                    : new AuthenticationException(Reason.BAD_CREDENTIAL, "wrong password for " + who, GENERIC);
        }
        throttle.succeeded(peerAddress, who);
        return found.get();
    }

    /**
     * Accepts a peer whose client certificate was verified and names {@code name}: the certificate is the credential.
     * Never throttled: the TLS handshake already proved the key, and a stranger's failures must not slow the owner.
     *
     * @throws AuthenticationException if no such account exists
     */
    public Account certificate(String network, String name, String peerAddress) throws AuthenticationException {
        String who = name + "." + network;
        Optional<Account> found = store.find(network, name);
        if (found.isEmpty()) {
            throw new AuthenticationException(Reason.UNKNOWN_ACCOUNT,
                    "verified client certificate names " + who + ", which has no account", GENERIC);
        }
        return found.get();
    }

    private void checkThrottle(String peerAddress, String who) throws AuthenticationException {
        Duration wait = throttle.lockedFor(peerAddress, who);
        if (!wait.isZero()) {
            throw new AuthenticationException(Reason.THROTTLED, "login to " + who + " from " + peerAddress
                    + " throttled for " + LoginThrottle.seconds(wait) + " s after repeated failures",
                    LoginThrottle.peerText(wait));
        }
    }
}
