package org.ioswitch.common.block;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The signal layout of one memory block.
 *
 * @param name block name, e.g. {@code exp}
 * @param size block size in bytes: at least the end of the last signal and {@value #MIN_SIZE}
 * @param groups the signal groups in JSON order
 * @param reset the whole block starts from its defaults (zeros) at every device start instead of its last applied
 *     image (a map's {@code "reset": true}); a signal may say so alone ({@link Signal#reset})
 */
public record BlockMap(String name, int size, List<SignalGroup> groups, boolean reset) {
    /** Smallest block size (iocom IOC_MIN_MBLK_SZ). */
    public static final int MIN_SIZE = 24;

    /** Checks that every signal fits and names are unique. */
    public BlockMap {
        Objects.requireNonNull(name, "name");
        groups = List.copyOf(groups);
        Map<String, Signal> seen = new LinkedHashMap<>();
        for (SignalGroup g : groups) {
            for (Signal s : g.signals()) {
                if (seen.put(s.name(), s) != null) {
                    throw new IllegalArgumentException("block " + name + ": duplicate signal " + s.name());
                }
                if (s.end() > size) {
                    throw new IllegalArgumentException("block " + name + ": signal " + s.name() + " ends at " + s.end()
                            + ", beyond size " + size);
                }
            }
        }
    }

    /** A block whose outputs keep their last applied values across device restarts. */
    public BlockMap(String name, int size, List<SignalGroup> groups) {
        this(name, size, groups, false);
    }

    /** A block with no signals, e.g. for raw bytes. */
    public static BlockMap raw(String name, int size) {
        return new BlockMap(name, size, List.of());
    }

    /** All signals in JSON order. */
    public List<Signal> signals() {
        List<Signal> all = new ArrayList<>();
        for (SignalGroup g : groups) {
            all.addAll(g.signals());
        }
        return Collections.unmodifiableList(all);
    }

    /** The signal of that name, or null. */
    public Signal signal(String signalName) {
        for (SignalGroup g : groups) {
            for (Signal s : g.signals()) {
                if (s.name().equals(signalName)) {
                    return s;
                }
            }
        }
        return null;
    }
}
