package org.ioswitch.common.block;

/** Told when a signal's bytes (state or value) differ in a new snapshot. */
@FunctionalInterface
public interface SignalListener {
    /**
     * Called like {@link BlockListener#changed}, only when this signal changed.
     *
     * @param signal the signal
     * @param current the new snapshot, to read the value from
     */
    void changed(SignalHandle signal, Snapshot current);
}
