package org.ioswitch.common.block;

import java.util.Arrays;

/**
 * An immutable image of a memory block at one moment: what readers see and what is replicated. Reading several
 * signals from one snapshot gives values that belong together.
 */
public final class Snapshot {
    private final long seq;
    // never written after construction; shared, never handed out
    private final byte[] data;

    private Snapshot(long seq, byte[] data) {
        this.seq = seq;
        this.data = data;
    }

    /** A snapshot holding a copy of {@code bytes}. */
    public static Snapshot of(long seq, byte[] bytes) {
        return new Snapshot(seq, bytes.clone());
    }

    /** Takes ownership of {@code bytes}: the caller must not change them afterwards. */
    static Snapshot wrap(long seq, byte[] bytes) {
        return new Snapshot(seq, bytes);
    }

    /** The snapshot number: increasing per block, 0 for the initial all-zero image. */
    public long seq() {
        return seq;
    }

    /** Size in bytes. */
    public int size() {
        return data.length;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return data.clone();
    }

    /**
     * The bytes themselves, not copied, for code that only reads them and must not pay a copy per snapshot
     * (replication hands a 1 MiB block to its link this way). Never write to the array: every reader of this
     * snapshot shares it.
     */
    public byte[] sharedBytes() {
        return data;
    }

    /** One byte. */
    public byte byteAt(int offset) {
        return data[offset];
    }

    /** The bytes, not copied; package-private because callers must not change them. */
    byte[] raw() {
        return data;
    }

    /** True if the bytes of {@code s} (state and value) differ between the two snapshots. */
    boolean differs(Snapshot other, Signal s) {
        return !Arrays.equals(data, s.addr(), s.end(), other.data, s.addr(), s.end());
    }

    /** The signal's state byte. */
    public SignalState state(Signal s) {
        return SignalCodec.state(data, s);
    }

    /** A boolean (or any number, true when not 0). */
    public boolean getBoolean(Signal s) {
        return SignalCodec.getLong(data, s, 0) != 0;
    }

    /** An integer (floats rounded, booleans 0/1). */
    public long getLong(Signal s) {
        return SignalCodec.getLong(data, s, 0);
    }

    /** A number as double. */
    public double getDouble(Signal s) {
        return SignalCodec.getDouble(data, s, 0);
    }

    /** A str signal's text, up to its first NUL. */
    public String getString(Signal s) {
        return SignalCodec.getString(data, s);
    }

    /** All elements of a boolean array. */
    public boolean[] getBooleans(Signal s) {
        boolean[] out = new boolean[s.n()];
        for (int i = 0; i < out.length; i++) {
            out[i] = SignalCodec.getLong(data, s, i) != 0;
        }
        return out;
    }

    /** All elements of an integer array. */
    public long[] getLongs(Signal s) {
        long[] out = new long[s.n()];
        for (int i = 0; i < out.length; i++) {
            out[i] = SignalCodec.getLong(data, s, i);
        }
        return out;
    }

    /** All elements of a float array. */
    public double[] getDoubles(Signal s) {
        double[] out = new double[s.n()];
        for (int i = 0; i < out.length; i++) {
            out[i] = SignalCodec.getDouble(data, s, i);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Snapshot[seq=" + seq + ", " + data.length + " bytes]";
    }
}
