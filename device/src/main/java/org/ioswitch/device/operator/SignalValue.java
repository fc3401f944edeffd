package org.ioswitch.device.operator;

import java.util.Arrays;
import java.util.Locale;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalState;
import org.ioswitch.common.block.SignalType;
import org.ioswitch.common.block.Snapshot;

/**
 * One signal's value and state as an operator sees it.
 *
 * @param device device id
 * @param block block name
 * @param signal the signal (name, type, address)
 * @param value Boolean, Long, Double or String for scalars; boolean[], long[] or double[] for arrays
 * @param state the state byte
 */
public record SignalValue(String device, String block, Signal signal, Object value, SignalState state) {

    /** The value read from a snapshot. */
    public static SignalValue of(String device, String block, Signal s, Snapshot snapshot) {
        Object v;
        if (s.type() == SignalType.STR) {
            v = snapshot.getString(s);
        } else if (s.isArray()) {
            v = s.type() == SignalType.BOOLEAN ? snapshot.getBooleans(s)
                    : s.type().floating() ? snapshot.getDoubles(s) : snapshot.getLongs(s);
        } else {
            v = s.type() == SignalType.BOOLEAN ? (Object) snapshot.getBoolean(s)
                    : s.type().floating() ? (Object) snapshot.getDouble(s) : (Object) snapshot.getLong(s);
        }
        return new SignalValue(device, block, s, v, snapshot.state(s));
    }

    /** {@code exp.counter}. */
    public String name() {
        return block + "." + signal.name();
    }

    /** The value as text: {@code 42}, {@code true}, {@code 21.5}, {@code [1, 2]}. */
    public String valueText() {
        if (value instanceof Double d) {
            return formatNumber(d);
        }
        if (value instanceof double[] a) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                b.append(i == 0 ? "" : ", ").append(formatNumber(a[i]));
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

    private String formatNumber(double d) {
        // A float widened to double shows digits that were never there (21.37 → 21.3700008...).
        return signal.type() == SignalType.FLOAT ? Float.toString((float) d) : Double.toString(d);
    }

    /** The state as a word: {@code ok}, {@code warning}, {@code alarm}, {@code error} or {@code disconnected}. */
    public String stateText() {
        if (!state.connected()) {
            return "disconnected";
        }
        return state.level().name().toLowerCase(Locale.ROOT);
    }

    /** {@code 42 ok}. */
    @Override
    public String toString() {
        return valueText() + " " + stateText();
    }
}
