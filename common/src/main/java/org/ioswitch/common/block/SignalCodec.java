package org.ioswitch.common.block;

import java.nio.charset.StandardCharsets;

/** Reads and writes signal values in a block image: state byte at addr, then little-endian elements. */
final class SignalCodec {
    private SignalCodec() {}

    static SignalState state(byte[] b, Signal s) {
        return new SignalState(b[s.addr()] & 0xFF);
    }

    /** Sets the state bits, keeping bit 0 (a single boolean's value). */
    static void setState(byte[] b, Signal s, SignalState state) {
        b[s.addr()] = (byte) ((b[s.addr()] & 0x01) | state.bits());
    }

    static void checkIndex(Signal s, int index) {
        if (s.type() == SignalType.STR) {
            throw new IllegalArgumentException("signal " + s.name() + " is a str, read it as a String");
        }
        if (index < 0 || index >= s.n()) {
            throw new IllegalArgumentException("signal " + s.name() + ": index " + index + " outside 0.." + (s.n() - 1));
        }
    }

    static long getLong(byte[] b, Signal s, int index) {
        checkIndex(s, index);
        SignalType t = s.type();
        if (t == SignalType.BOOLEAN) {
            return getBit(b, s, index) ? 1 : 0;
        }
        int at = s.addr() + 1 + index * t.elementSize();
        if (t == SignalType.FLOAT) {
            return Math.round(Float.intBitsToFloat((int) le(b, at, 4)));
        }
        if (t == SignalType.DOUBLE) {
            return Math.round(Double.longBitsToDouble(le(b, at, 8)));
        }
        long raw = le(b, at, t.elementSize());
        if (!t.unsigned() && t.elementSize() < 8) {
            int shift = 64 - 8 * t.elementSize();
            raw = (raw << shift) >> shift;
        }
        return raw;
    }

    static double getDouble(byte[] b, Signal s, int index) {
        checkIndex(s, index);
        int at = s.addr() + 1 + index * s.type().elementSize();
        return switch (s.type()) {
            case FLOAT -> Float.intBitsToFloat((int) le(b, at, 4));
            case DOUBLE -> Double.longBitsToDouble(le(b, at, 8));
            default -> getLong(b, s, index);
        };
    }

    static void setLong(byte[] b, Signal s, int index, long v) {
        checkIndex(s, index);
        SignalType t = s.type();
        if (t == SignalType.BOOLEAN) {
            setBit(b, s, index, v != 0);
            return;
        }
        if (t.floating()) {
            setDouble(b, s, index, v);
            return;
        }
        if (v < t.min() || v > t.max()) {
            throw new IllegalArgumentException("signal " + s.name() + " (" + t.jsonName() + "): value " + v
                    + " outside " + t.min() + ".." + t.max());
        }
        putLe(b, s.addr() + 1 + index * t.elementSize(), t.elementSize(), v);
    }

    static void setDouble(byte[] b, Signal s, int index, double v) {
        checkIndex(s, index);
        SignalType t = s.type();
        int at = s.addr() + 1 + index * t.elementSize();
        switch (t) {
            case FLOAT -> putLe(b, at, 4, Float.floatToRawIntBits((float) v));
            case DOUBLE -> putLe(b, at, 8, Double.doubleToRawLongBits(v));
            default -> {
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("signal " + s.name() + " (" + t.jsonName() + "): NaN is not a number");
                }
                setLong(b, s, index, Math.round(v));
            }
        }
    }

    private static boolean getBit(byte[] b, Signal s, int index) {
        if (s.n() == 1) {
            return (b[s.addr()] & 0x01) != 0;
        }
        return (b[s.addr() + 1 + index / 8] & (1 << (index % 8))) != 0;
    }

    private static void setBit(byte[] b, Signal s, int index, boolean v) {
        int at = s.n() == 1 ? s.addr() : s.addr() + 1 + index / 8;
        int mask = s.n() == 1 ? 0x01 : 1 << (index % 8);
        b[at] = (byte) (v ? b[at] | mask : b[at] & ~mask);
    }

    static String getString(byte[] b, Signal s) {
        if (s.type() != SignalType.STR) {
            throw new IllegalArgumentException("signal " + s.name() + " is a " + s.type().jsonName() + ", not a str");
        }
        int start = s.addr() + 1;
        int len = 0;
        while (len < s.n() && b[start + len] != 0) {
            len++;
        }
        return new String(b, start, len, StandardCharsets.UTF_8);
    }

    static void setString(byte[] b, Signal s, String v) {
        if (s.type() != SignalType.STR) {
            throw new IllegalArgumentException("signal " + s.name() + " is a " + s.type().jsonName() + ", not a str");
        }
        byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > s.n()) {
            throw new IllegalArgumentException("signal " + s.name() + ": \"" + v + "\" is " + utf8.length
                    + " bytes, capacity " + s.n());
        }
        int start = s.addr() + 1;
        System.arraycopy(utf8, 0, b, start, utf8.length);
        java.util.Arrays.fill(b, start + utf8.length, start + s.n(), (byte) 0);
    }

    private static long le(byte[] b, int at, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static void putLe(byte[] b, int at, int size, long v) {
        for (int i = 0; i < size; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
