package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * The last frame on a connection, saying why it ends.
 * <pre>
 *   header:  type=0x3F | flags=0 | length
 *   payload: code u16 | text str
 * </pre>
 *
 * @param code the reason
 * @param text details for the log, may be empty
 */
public record Close(CloseCode code, String text) implements Frame {
    /** Checks the fields. */
    public Close {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
    }

    /** A CLOSE carrying a wire fault's code and text. */
    public static Close of(WireException e) {
        String text = e.text() == null ? "" : e.text();
        // keep well under any peer's text limit; a long reason is still useful cut short
        return new Close(e.code(), text.length() > 200 ? text.substring(0, 200) : text);
    }

    @Override
    public FrameType type() {
        return FrameType.CLOSE;
    }
}
