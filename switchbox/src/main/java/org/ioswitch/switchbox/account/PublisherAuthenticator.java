package org.ioswitch.switchbox.account;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.ioswitch.common.auth.LoginCounts;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;
import org.tinylog.Logger;

/**
 * Checks a publisher's AUTH against {@link Accounts}, throttled like the home server's logins ({@link LoginThrottle}):
 * while the (account, address) pair or the address is locked the password login is refused with {@code AUTH_FAILED
 * "account NAME: too many failed logins, retry in N s"} before any password hash is computed (PBKDF2 at 210,000
 * iterations is itself CPU an attacker could spend); an account under attack only delays its checks, so strangers
 * cannot lock the real uplink out. Certificate logins are never throttled. A wrong password and an unknown account
 * look the same to the peer, in text and in time.
 */
public final class PublisherAuthenticator {
    private final Accounts accounts;
    private final LoginThrottle throttle;

    /** An authenticator over the accounts file and a throttle. */
    public PublisherAuthenticator(Accounts accounts, LoginThrottle throttle) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    /** The accounts file logins are checked against (re-read when it changes). */
    public Accounts accounts() {
        return accounts;
    }

    /**
     * Checks a password login.
     *
     * @param name the account name sent in AUTH
     * @param secret the UTF-8 password as sent
     * @param address the peer's IP address, for throttling
     * @return the account
     * @throws WireException AUTH_FAILED, throttled or not
     */
    public PublisherAccount password(String name, byte[] secret, String address) throws WireException {
        checkThrottle(address, name);
        try {
            throttle.pause(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WireException(CloseCode.SHUTDOWN, "switchbox is closing");
        }
        Optional<PublisherAccount> found = accounts.find(name).filter(a -> a.passwordHash() != null);
        if (!PasswordHash.verify(found.map(PublisherAccount::passwordHash), secret)) {
            throttle.failed(address, name);
            throw refused(name, "password");
        }
        throttle.succeeded(address, name);
        return found.get();
    }

    /**
     * Checks a certificate login: the verified client certificate's name must belong to account {@code name}. Never
     * throttled: nothing here can be guessed, and a stranger's password failures must not hold the owner back.
     *
     * @param name the account name sent in AUTH
     * @param verifiedName the name field of a verified client certificate, empty when the peer has none
     * @param address the peer's IP address, for throttling
     * @return the account
     * @throws WireException AUTH_FAILED, throttled or not
     */
    public PublisherAccount certificate(String name, Optional<String> verifiedName, String address)
            throws WireException {
        if (verifiedName.isEmpty()) {
            // Nothing was tried that could be guessed (as on the home server): refused, not counted.
            throw refused(name, "certificate");
        }
        Optional<PublisherAccount> found = accounts.findByCertificate(verifiedName.get())
                .filter(a -> a.name().equals(name));
        if (found.isEmpty()) {
            throw refused(name, "certificate");
        }
        return found.get();
    }

    /** What the throttle did, for metrics. */
    public LoginCounts loginCounts() {
        return throttle.counts();
    }

    private void checkThrottle(String address, String name) throws WireException {
        Duration wait = throttle.lockedFor(address, name);
        if (!wait.isZero()) {
            // DEBUG: the router logs the refusal itself (collapsed per address), this only adds the key.
            Logger.debug("publisher login to account {} from {} throttled for {} s after repeated failures", name,
                    address, LoginThrottle.seconds(wait));
            throw new WireException(CloseCode.AUTH_FAILED, "account " + name + ": " + LoginThrottle.peerText(wait));
        }
    }

    /** The same text whether the account exists or not. */
    private static WireException refused(String name, String kind) {
        return new WireException(CloseCode.AUTH_FAILED, "account " + name + ": " + kind + " authentication failed");
    }
}
