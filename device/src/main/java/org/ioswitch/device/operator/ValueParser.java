package org.ioswitch.device.operator;

import org.ioswitch.common.block.SignalHandle;
import org.ioswitch.common.block.SignalText;

/** Turns the text of {@code device set} into a typed write, checking it against the signal's type and range. */
final class ValueParser {
    private ValueParser() {
    }

    /** Sets {@code text} on {@code h} (state ok); the message of a refusal names the signal, type and text. */
    static void set(SignalHandle h, String what, String text) throws OperatorException {
        try {
            SignalText.set(h, what, text);
        } catch (IllegalArgumentException e) {
            throw new OperatorException(e.getMessage());
        }
    }
}
