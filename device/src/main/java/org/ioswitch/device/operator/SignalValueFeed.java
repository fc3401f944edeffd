package org.ioswitch.device.operator;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ioswitch.common.block.BlockMap;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.wire.DeviceStatus;

/**
 * Turns a block's snapshots into the {@link SignalValue}s of one subscriber: every signal once, then each signal whose
 * bytes changed; every signal as {@code disconnected} when the link goes silent, and every signal again (with its
 * real state) once it is heard from. Reader thread, except {@link #stale} on a silent link's writer thread: no
 * snapshot arrives then, and the methods are synchronized anyway. (Not {@link org.ioswitch.common.block.SignalListener},
 * which tells a device's own code about one signal.)
 */
final class SignalValueFeed implements Consumer<Snapshot> {
    private final String device;
    private final BlockMap block;
    private final Consumer<SignalValue> listener;
    /** The device's status as the server last told it, or null. */
    private final Supplier<DeviceStatus> status;
    /** The last snapshot shown, null after a stale mark so the next one shows every signal. */
    private byte[] previous;

    SignalValueFeed(String device, BlockMap block, Consumer<SignalValue> listener, Supplier<DeviceStatus> status) {
        this.device = device;
        this.block = block;
        this.listener = listener;
        this.status = status;
    }

    @Override
    public synchronized void accept(Snapshot snap) {
        byte[] now = snap.bytes();
        for (Signal sig : block.signals()) {
            if (previous == null || !Arrays.equals(previous, sig.addr(), sig.end(), now, sig.addr(), sig.end())) {
                listener.accept(SignalValue.of(device, block.name(), sig, snap, status.get()));
            }
        }
        previous = now;
    }

    /** Shows every signal's last value as disconnected. */
    synchronized void stale(Snapshot last) {
        for (Signal sig : block.signals()) {
            SignalValue v = SignalValue.of(device, block.name(), sig, last, status.get());
            listener.accept(new SignalValue(v.device(), v.block(), v.signal(), v.value(), v.state().disconnected(),
                    v.unset(), v.status()));
        }
        previous = null;
    }

    /** Shows every signal again with its real state (the link is heard from again). */
    synchronized void replay(Snapshot now) {
        previous = null;
        accept(now);
    }
}
