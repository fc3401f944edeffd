package org.ioswitch.common.link;

import java.util.Objects;
import org.ioswitch.common.wire.CloseCode;

/**
 * Why a link or a tunnel ended and who ended it, so both sides can log <em>why</em>; the one "who closed" type.
 *
 * @param code what kind of end
 * @param text the human reason
 * @param by   LOCAL (this side detected a fault or decided), PEER (the other side closed or vanished), USER (the
 *             application asked; no reconnect)
 */
public record CloseReason(CloseCode code, String text, Closer by) {
    /** Who ended a link. */
    public enum Closer { LOCAL, PEER, USER }

    public CloseReason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(by, "by");
    }

    @Override
    public String toString() {
        return code + " by " + by + ": " + text;
    }
}
