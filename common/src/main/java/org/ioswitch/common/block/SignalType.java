package org.ioswitch.common.block;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Signal value types, named as in iocom's {@code signals.json}; values are little-endian in a block. */
public enum SignalType {
    /** One bit; a single boolean lives in bit 0 of its state byte, arrays are packed LSB first. */
    BOOLEAN("boolean", 1, false, false),
    /** Signed 8-bit. */
    CHAR("char", 1, false, false),
    /** Unsigned 8-bit. */
    UCHAR("uchar", 1, true, false),
    /** Signed 16-bit. */
    SHORT("short", 2, false, false),
    /** Unsigned 16-bit; the default type in a signal map. */
    USHORT("ushort", 2, true, false),
    /** Signed 32-bit. */
    INT("int", 4, false, false),
    /** Unsigned 32-bit. */
    UINT("uint", 4, true, false),
    /** Signed 64-bit. */
    INT64("int64", 8, false, false),
    /** Signed 64-bit (iocom's {@code long}). */
    LONG("long", 8, false, false),
    /** IEEE 754 single precision. */
    FLOAT("float", 4, false, true),
    /** IEEE 754 double precision. */
    DOUBLE("double", 8, false, true),
    /** UTF-8 text of n bytes capacity, NUL-terminated when shorter. */
    STR("str", 1, false, false);

    private final String jsonName;
    private final int elementSize;
    private final boolean unsigned;
    private final boolean floating;

    SignalType(String jsonName, int elementSize, boolean unsigned, boolean floating) {
        this.jsonName = jsonName;
        this.elementSize = elementSize;
        this.unsigned = unsigned;
        this.floating = floating;
    }

    /** The name used in {@code signals.json}. */
    public String jsonName() {
        return jsonName;
    }

    /** Bytes per element (for booleans and strings: 1, see {@link #totalSize}). */
    public int elementSize() {
        return elementSize;
    }

    /** True for uchar, ushort, uint. */
    public boolean unsigned() {
        return unsigned;
    }

    /** True for float and double. */
    public boolean floating() {
        return floating;
    }

    /** True for the integer types (char .. long), not boolean, floats or str. */
    public boolean integer() {
        return this != BOOLEAN && this != STR && !floating;
    }

    /** Bytes a signal of {@code n} elements takes in a block, state byte included. */
    public int totalSize(int n) {
        if (this == BOOLEAN) {
            return n <= 1 ? 1 : 1 + (n + 7) / 8;
        }
        return 1 + elementSize * Math.max(n, 1);
    }

    /** Smallest value of an integer type. */
    long min() {
        return unsigned ? 0 : -(1L << (elementSize * 8 - 1));
    }

    /** Largest value of an integer type. */
    long max() {
        if (elementSize == 8) {
            return Long.MAX_VALUE;
        }
        return unsigned ? (1L << (elementSize * 8)) - 1 : (1L << (elementSize * 8 - 1)) - 1;
    }

    /** The type for a {@code signals.json} name, or null if there is none. */
    public static SignalType ofJsonName(String name) {
        for (SignalType t : values()) {
            if (t.jsonName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The JSON names, comma separated, for error messages. */
    static String jsonNames() {
        return Arrays.stream(values()).map(SignalType::jsonName).collect(Collectors.joining(", "));
    }
}
