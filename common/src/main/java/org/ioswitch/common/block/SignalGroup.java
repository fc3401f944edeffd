package org.ioswitch.common.block;

import java.util.List;
import java.util.Objects;

/**
 * A named group of signals; groups are only a visual layer over a block's layout.
 *
 * @param name group name, e.g. {@code inputs}
 * @param signals the signals in JSON order
 */
public record SignalGroup(String name, List<Signal> signals) {
    /** Checks and copies the fields. */
    public SignalGroup {
        Objects.requireNonNull(name, "name");
        signals = List.copyOf(signals);
    }
}
