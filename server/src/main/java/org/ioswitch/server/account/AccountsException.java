package org.ioswitch.server.account;

/** The accounts file cannot be read or written, or an account operation names something that does not exist. */
public class AccountsException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error whose message names the file, account or key. */
    public AccountsException(String message) {
        super(message);
    }

    /** An error whose message names the file, account or key, with its cause. */
    public AccountsException(String message, Throwable cause) {
        super(message, cause);
    }
}
