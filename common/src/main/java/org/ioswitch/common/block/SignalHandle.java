package org.ioswitch.common.block;

import java.util.Objects;

/**
 * One signal of one block. Getters read the block's latest snapshot; setters write the working copy (published
 * by {@link MemoryBlock#publish()} or at once with auto-publish) and mark the value CONNECTED and ok unless a state
 * is given. Range and type mistakes throw IllegalArgumentException: they are programming errors.
 */
public final class SignalHandle {
    private final MemoryBlock block;
    private final Signal signal;

    SignalHandle(MemoryBlock block, Signal signal) {
        this.block = block;
        this.signal = signal;
    }

    /** The block. */
    public MemoryBlock block() {
        return block;
    }

    /** The signal's layout. */
    public Signal signal() {
        return signal;
    }

    /** The signal name. */
    public String name() {
        return signal.name();
    }

    /** The state in the latest snapshot. */
    public SignalState state() {
        return block.snapshot().state(signal);
    }

    /** A boolean from the latest snapshot. */
    public boolean getBoolean() {
        return block.snapshot().getBoolean(signal);
    }

    /** An integer from the latest snapshot. */
    public long getLong() {
        return block.snapshot().getLong(signal);
    }

    /** A number from the latest snapshot. */
    public double getDouble() {
        return block.snapshot().getDouble(signal);
    }

    /** A str from the latest snapshot. */
    public String getString() {
        return block.snapshot().getString(signal);
    }

    /** A boolean array from the latest snapshot. */
    public boolean[] getBooleans() {
        return block.snapshot().getBooleans(signal);
    }

    /** An integer array from the latest snapshot. */
    public long[] getLongs() {
        return block.snapshot().getLongs(signal);
    }

    /** A float array from the latest snapshot. */
    public double[] getDoubles() {
        return block.snapshot().getDoubles(signal);
    }

    /** Sets a boolean (numbers get 0 or 1), state ok. */
    public void set(boolean value) {
        set(value ? 1 : 0, SignalState.OK);
    }

    /** Sets an integer, state ok. */
    public void set(long value) {
        set(value, SignalState.OK);
    }

    /** Sets an integer with a state. */
    public void set(long value, SignalState state) {
        block.update(w -> {
            SignalCodec.setLong(w, signal, 0, value);
            SignalCodec.setState(w, signal, state);
        });
    }

    /** Sets a number, state ok. */
    public void set(double value) {
        set(value, SignalState.OK);
    }

    /** Sets a number with a state. */
    public void set(double value, SignalState state) {
        block.update(w -> {
            SignalCodec.setDouble(w, signal, 0, value);
            SignalCodec.setState(w, signal, state);
        });
    }

    /** Sets a str, state ok. */
    public void set(String value) {
        Objects.requireNonNull(value, "value");
        block.update(w -> {
            SignalCodec.setString(w, signal, value);
            SignalCodec.setState(w, signal, SignalState.OK);
        });
    }

    /** Sets all elements of a boolean array, state ok. */
    public void set(boolean[] values) {
        checkLength(values.length);
        block.update(w -> {
            for (int i = 0; i < values.length; i++) {
                SignalCodec.setLong(w, signal, i, values[i] ? 1 : 0);
            }
            SignalCodec.setState(w, signal, SignalState.OK);
        });
    }

    /** Sets all elements of an integer array, state ok. */
    public void set(long[] values) {
        checkLength(values.length);
        block.update(w -> {
            for (int i = 0; i < values.length; i++) {
                SignalCodec.setLong(w, signal, i, values[i]);
            }
            SignalCodec.setState(w, signal, SignalState.OK);
        });
    }

    /** Sets all elements of a number array, state ok. */
    public void set(double[] values) {
        checkLength(values.length);
        block.update(w -> {
            for (int i = 0; i < values.length; i++) {
                SignalCodec.setDouble(w, signal, i, values[i]);
            }
            SignalCodec.setState(w, signal, SignalState.OK);
        });
    }

    /** Changes only the state, keeping the value (e.g. mark it disconnected or in error). */
    public void setState(SignalState state) {
        block.update(w -> SignalCodec.setState(w, signal, state));
    }

    private void checkLength(int length) {
        if (length != signal.n()) {
            throw new IllegalArgumentException("signal " + signal.name() + ": " + length + " values, array has " + signal.n());
        }
    }

    /** Calls {@code listener} whenever this signal's bytes differ in a new snapshot. */
    public void addListener(SignalListener listener) {
        block.signalListeners.add(new Registration(this, Objects.requireNonNull(listener, "listener")));
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(SignalListener listener) {
        block.signalListeners.removeIf(r -> r.listener() == listener && r.handle().signal().equals(signal));
    }

    @Override
    public String toString() {
        return signal.name() + "." + block;
    }

    record Registration(SignalHandle handle, SignalListener listener) {}
}
