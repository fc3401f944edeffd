package org.ioswitch.common.block;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The signals of one block, by name; see {@link SignalHandle} for reading and writing rules. */
public final class Signals {
    private final MemoryBlock block;
    private final Map<String, SignalHandle> handles = new ConcurrentHashMap<>();

    Signals(MemoryBlock block) {
        this.block = block;
    }

    /** The handle of a signal; IllegalArgumentException naming the block if there is none. */
    public SignalHandle handle(String name) {
        return handles.computeIfAbsent(name, n -> {
            Signal s = block.layout().signal(n);
            if (s == null) {
                throw new IllegalArgumentException("block " + block + " has no signal " + n);
            }
            return new SignalHandle(block, s);
        });
    }

    /** The signal names in layout order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Signal s : block.layout().signals()) {
            names.add(s.name());
        }
        return Collections.unmodifiableList(names);
    }

    /** True if the block has a signal of that name. */
    public boolean contains(String name) {
        return block.layout().signal(name) != null;
    }

    /** Reads a boolean from the latest snapshot. */
    public boolean getBoolean(String name) {
        return handle(name).getBoolean();
    }

    /** Reads an integer from the latest snapshot. */
    public long getLong(String name) {
        return handle(name).getLong();
    }

    /** Reads a number from the latest snapshot. */
    public double getDouble(String name) {
        return handle(name).getDouble();
    }

    /** Reads a str from the latest snapshot. */
    public String getString(String name) {
        return handle(name).getString();
    }

    /** Reads a state from the latest snapshot. */
    public SignalState state(String name) {
        return handle(name).state();
    }

    /** Writes a boolean. */
    public void set(String name, boolean value) {
        handle(name).set(value);
    }

    /** Writes an integer. */
    public void set(String name, long value) {
        handle(name).set(value);
    }

    /** Writes a number. */
    public void set(String name, double value) {
        handle(name).set(value);
    }

    /** Writes a str. */
    public void set(String name, String value) {
        handle(name).set(value);
    }
}
