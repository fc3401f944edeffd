package org.ioswitch.common.block;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Signal values as people read and type them, one way for every tool (operator client, watch, web console): a value
 * read from a snapshot, its text ({@code 42}, {@code true}, {@code 21.5}, {@code [1, 2]}), the state as a word, and
 * typed text checked against the signal's type and range before it is written.
 */
public final class SignalText {
    private SignalText() {
    }

    /** Boolean, Long, Double or String for scalars; boolean[], long[] or double[] for arrays. */
    public static Object value(Snapshot snapshot, Signal s) {
        if (s.type() == SignalType.STR) {
            return snapshot.getString(s);
        }
        if (s.isArray()) {
            return s.type() == SignalType.BOOLEAN ? snapshot.getBooleans(s)
                    : s.type().floating() ? snapshot.getDoubles(s) : snapshot.getLongs(s);
        }
        return s.type() == SignalType.BOOLEAN ? (Object) snapshot.getBoolean(s)
                : s.type().floating() ? (Object) snapshot.getDouble(s) : (Object) snapshot.getLong(s);
    }

    /** The value as text: {@code 42}, {@code true}, {@code 21.5}, {@code [1, 2]}. */
    public static String format(Signal s, Object value) {
        if (value instanceof Double d) {
            return number(s, d);
        }
        if (value instanceof double[] a) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                b.append(i == 0 ? "" : ", ").append(number(s, a[i]));
            }
            return b.append(']').toString();
        }
        if (value instanceof long[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof boolean[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(value);
    }

    /** The state as a word: {@code ok}, {@code warning}, {@code alarm}, {@code error} or {@code disconnected}. */
    public static String state(SignalState state) {
        if (!state.connected()) {
            return "disconnected";
        }
        return state.level().name().toLowerCase(Locale.ROOT);
    }

    /** True if nobody ever wrote the signal: its bytes, the state byte included, are all zero. */
    public static boolean unset(Snapshot snapshot, Signal s) {
        for (int i = s.addr(); i < s.end(); i++) {
            if (snapshot.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The state word of a value as people see it: {@code unset} (nobody ever wrote it), {@code stale} (its device is
     * offline: the value is what it last was, not what it is), else the state byte's word ({@link #state}).
     */
    public static String stateWord(Snapshot snapshot, Signal s, boolean deviceOnline) {
        if (unset(snapshot, s)) {
            return "unset";
        }
        return deviceOnline ? state(snapshot.state(s)) : "stale";
    }

    private static String number(Signal s, double d) {
        // A float widened to double shows digits that were never there (21.37 → 21.3700008...).
        return s.type() == SignalType.FLOAT ? Float.toString((float) d) : Double.toString(d);
    }

    /**
     * Sets typed {@code text} on {@code h} (state ok).
     *
     * @param what how messages name the signal, e.g. {@code gina3.pekkahome.imp.led}
     * @throws IllegalArgumentException naming the signal, the type and the text when it does not fit
     */
    public static void set(SignalHandle h, String what, String text) {
        SignalType type = h.signal().type();
        String t = text.trim();
        if (h.signal().isArray() && type != SignalType.STR) {
            throw new IllegalArgumentException(what + ": writing arrays (" + type.jsonName() + "[" + h.signal().n()
                    + "]) is not supported here");
        }
        switch (type) {
            case BOOLEAN -> h.set(parseBoolean(what, t));
            case FLOAT, DOUBLE -> {
                try {
                    h.set(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(what + ": expected a number for " + type.jsonName()
                            + ", got \"" + text + "\"");
                }
            }
            case STR -> {
                int bytes = text.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > h.signal().n()) {
                    throw new IllegalArgumentException(what + ": text of " + bytes + " bytes exceeds capacity "
                            + h.signal().n());
                }
                h.set(text);
            }
            default -> h.set(parseInteger(what, type, t));
        }
    }

    private static boolean parseBoolean(String what, String t) {
        switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "1", "on", "yes":
                return true;
            case "false", "0", "off", "no":
                return false;
            default:
                throw new IllegalArgumentException(what + ": expected true or false for boolean, got \"" + t + "\"");
        }
    }

    private static long parseInteger(String what, SignalType type, String t) {
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": expected an integer for " + type.jsonName() + ", got \""
                    + t + "\"");
        }
        int bits = type.elementSize() * 8;
        if (bits < 64) {
            long min = type.unsigned() ? 0 : -(1L << (bits - 1));
            long max = type.unsigned() ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
            if (v < min || v > max) {
                throw new IllegalArgumentException(what + ": " + v + " is out of range " + min + ".." + max + " for "
                        + type.jsonName());
            }
        }
        return v;
    }
}
