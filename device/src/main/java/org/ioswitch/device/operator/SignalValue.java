package org.ioswitch.device.operator;

import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalState;
import org.ioswitch.common.block.SignalText;
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
        return new SignalValue(device, block, s, SignalText.value(snapshot, s), snapshot.state(s));
    }

    /** {@code exp.counter}. */
    public String name() {
        return block + "." + signal.name();
    }

    /** The value as text: {@code 42}, {@code true}, {@code 21.5}, {@code [1, 2]}. */
    public String valueText() {
        return SignalText.format(signal, value);
    }

    /** The state as a word: {@code ok}, {@code warning}, {@code alarm}, {@code error} or {@code disconnected}. */
    public String stateText() {
        return SignalText.state(state);
    }

    /** {@code 42 ok}. */
    @Override
    public String toString() {
        return valueText() + " " + stateText();
    }
}
