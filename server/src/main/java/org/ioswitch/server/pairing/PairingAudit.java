package org.ioswitch.server.pairing;

/**
 * Where pairing records a decision no admin made (auto-approve), in the admin audit log's terms. It is an interface
 * here so that pairing does not depend on {@code server.admin}, which depends on pairing; the home server hands in
 * its {@code AuditLog}.
 */
@FunctionalInterface
public interface PairingAudit {
    /** Records nothing, for tools and tests without an audit log. */
    PairingAudit NONE = (who, action, target, ok, result) -> { };

    /**
     * Appends one action.
     *
     * @param who the actor: an OS user, or {@code auto-approve}
     * @param action what was done, e.g. {@code approve}
     * @param target the name it was done to
     * @param ok whether it succeeded
     * @param result the outcome in words
     */
    void append(String who, String action, String target, boolean ok, String result);
}
