package org.ioswitch.device.operator;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.ioswitch.common.block.SignalHandle;
import org.ioswitch.common.block.SignalType;

/** Turns the text of {@code device set} into a typed write, checking it against the signal's type and range. */
final class ValueParser {
    private ValueParser() {
    }

    /** Sets {@code text} on {@code h} (state ok); the message of a refusal names the signal, type and text. */
    static void set(SignalHandle h, String what, String text) throws OperatorException {
        SignalType type = h.signal().type();
        String t = text.trim();
        if (h.signal().isArray() && type != SignalType.STR) {
            throw new OperatorException(what + ": writing arrays (" + type.jsonName() + "[" + h.signal().n()
                    + "]) is not supported here");
        }
        switch (type) {
            case BOOLEAN -> h.set(parseBoolean(what, t));
            case FLOAT, DOUBLE -> {
                try {
                    h.set(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    throw new OperatorException(what + ": expected a number for " + type.jsonName() + ", got \""
                            + text + "\"");
                }
            }
            case STR -> {
                int bytes = text.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > h.signal().n()) {
                    throw new OperatorException(what + ": text of " + bytes + " bytes exceeds capacity "
                            + h.signal().n());
                }
                h.set(text);
            }
            default -> h.set(parseInteger(what, type, t));
        }
    }

    private static boolean parseBoolean(String what, String t) throws OperatorException {
        switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "1", "on", "yes":
                return true;
            case "false", "0", "off", "no":
                return false;
            default:
                throw new OperatorException(what + ": expected true or false for boolean, got \"" + t + "\"");
        }
    }

    private static long parseInteger(String what, SignalType type, String t) throws OperatorException {
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new OperatorException(what + ": expected an integer for " + type.jsonName() + ", got \"" + t + "\"");
        }
        int bits = type.elementSize() * 8;
        if (bits < 64) {
            long min = type.unsigned() ? 0 : -(1L << (bits - 1));
            long max = type.unsigned() ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
            if (v < min || v > max) {
                throw new OperatorException(what + ": " + v + " is out of range " + min + ".." + max + " for "
                        + type.jsonName());
            }
        }
        return v;
    }
}
