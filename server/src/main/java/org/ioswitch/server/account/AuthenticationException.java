package org.ioswitch.server.account;

/**
 * A login was refused. The message says exactly why, for the server log; {@link #peerText()} is what the peer is
 * told, which never reveals whether the account exists.
 */
public class AuthenticationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a login was refused. */
    public enum Reason {
        /** No such account in the network. */
        UNKNOWN_ACCOUNT,
        /** The password, secret or certificate did not match the account. */
        BAD_CREDENTIAL,
        /** Too many recent failures from this address or for this account. */
        THROTTLED,
        /** The account exists but is of the wrong kind for the role announced (a user account as a device). */
        WRONG_KIND
    }

    private final Reason reason;
    private final String peerText;

    /** A refusal with its reason, the detailed log message and the text for the peer. */
    public AuthenticationException(Reason reason, String message, String peerText) {
        super(message);
        this.reason = reason;
        this.peerText = peerText;
    }

    /** Why the login was refused. */
    public Reason reason() {
        return reason;
    }

    /** What the peer may be told. */
    public String peerText() {
        return peerText;
    }
}
