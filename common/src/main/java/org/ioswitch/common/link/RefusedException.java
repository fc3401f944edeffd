package org.ioswitch.common.link;

import java.io.IOException;
import org.ioswitch.common.wire.CloseCode;

/**
 * The server (or switchbox) answered a step of the client handshake with a CLOSE: it refused this client, and said why.
 */
public class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final CloseCode code;

    /** A refusal with the server's close code and a message naming server, identity and reason. */
    public RefusedException(CloseCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The server's close code, e.g. AUTH_FAILED. */
    public CloseCode code() {
        return code;
    }
}
