package org.ioswitch.common.tls;

/** TLS material or settings cannot be used; the message names the file or setting and the problem. */
public final class TlsSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the file or setting. */
    public TlsSetupException(String message) {
        super(message);
    }

    /** Creates the exception with a message that names the file or setting, and the underlying cause. */
    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
