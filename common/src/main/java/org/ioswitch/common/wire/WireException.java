package org.ioswitch.common.wire;

import java.io.IOException;
import java.util.Objects;

/** A protocol fault: carries the {@link CloseCode} to send back and a text that names what was wrong. */
public class WireException extends IOException {
    private static final long serialVersionUID = 1L;

    private final CloseCode code;

    /** A fault with its close code and a message naming the thing (frame type, field, limit, expected vs actual). */
    public WireException(CloseCode code, String text) {
        super(text);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The close code a connection should send when it ends because of this fault. */
    public CloseCode code() {
        return code;
    }

    /** The message without the code, suitable as CLOSE text. */
    public String text() {
        return getMessage();
    }

    @Override
    public String toString() {
        return "WireException[" + code + "]: " + getMessage();
    }
}
