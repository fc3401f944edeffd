package org.ioswitch.device.operator;

import java.time.Duration;
import java.time.Instant;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalState;
import org.ioswitch.common.block.SignalText;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.OfflineCause;

/**
 * One signal's value and state as an operator sees it, and whether it can be trusted: {@code 42 ok} while the device is
 * live, {@code 42 stale 3m12s (device gone: keepalive timeout)} once it is not, {@code unset} for a value nobody ever
 * wrote.
 *
 * @param device device id
 * @param block block name
 * @param signal the signal (name, type, address)
 * @param value Boolean, Long, Double or String for scalars; boolean[], long[] or double[] for arrays
 * @param state the state byte
 * @param unset nobody ever wrote this value (its bytes, state included, are all zero)
 * @param status the device's status as the server told it, or null if not known (then the state byte speaks alone)
 */
public record SignalValue(String device, String block, Signal signal, Object value, SignalState state, boolean unset,
                          DeviceStatus status) {

    /** A value without device status, set. */
    public SignalValue(String device, String block, Signal signal, Object value, SignalState state) {
        this(device, block, signal, value, state, false, null);
    }

    /** The value read from a snapshot. */
    public static SignalValue of(String device, String block, Signal s, Snapshot snapshot) {
        return of(device, block, s, snapshot, null);
    }

    /** The value read from a snapshot, with the device's status ({@code null} if not known). */
    public static SignalValue of(String device, String block, Signal s, Snapshot snapshot, DeviceStatus status) {
        return new SignalValue(device, block, s, SignalText.value(snapshot, s), snapshot.state(s),
                SignalText.unset(snapshot, s), status);
    }

    /** True if the device is known to be offline: the value is what it last was, not what it is. */
    public boolean stale() {
        return status != null && !status.online() && !unset;
    }

    /** When the value was last live (the device's last-live time), if the device is offline and that is known. */
    public Instant lastLive() {
        return status == null || status.online() || status.lastLiveMillis() == 0 ? null
                : Instant.ofEpochMilli(status.lastLiveMillis());
    }

    /** {@code exp.counter}. */
    public String name() {
        return block + "." + signal.name();
    }

    /** The value as text: {@code 42}, {@code true}, {@code 21.5}, {@code [1, 2]}; {@code -} when unset. */
    public String valueText() {
        return unset ? "-" : SignalText.format(signal, value);
    }

    /**
     * The state as text: {@code ok}, {@code warning}, {@code alarm}, {@code error}, {@code disconnected} (the writer
     * says it is not live), {@code unset}, or {@code stale 3m12s (device gone: keepalive timeout)}.
     */
    public String stateText() {
        if (unset) {
            return "unset";
        }
        if (stale()) {
            Instant live = lastLive();
            String age = live == null ? "" : " " + Ages.text(Duration.between(live, Instant.now()));
            String cause = status.cause() == OfflineCause.NONE ? "offline" : status.cause().text();
            return "stale" + age + " (device gone: " + cause + ")";
        }
        return SignalText.state(state);
    }

    /** {@code 42 ok}, {@code 42 stale 3m12s (device gone: keepalive timeout)}, or {@code unset}. */
    @Override
    public String toString() {
        return unset ? "unset" : valueText() + " " + stateText();
    }
}
