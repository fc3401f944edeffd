package org.ioswitch.common.block;

/**
 * A signal's state byte, with iocom's bits ({@code osal_state_bits.h}): CONNECTED=2 says the value is live
 * (a writer set it and the path to it is up), and the colour bits say how good it is: none = ok, YELLOW=8 warning,
 * ORANGE=4 alarm, RED=12 (both) error. Bit 0 holds a single boolean's value and is not part of the state.
 *
 * @param bits the state byte without the boolean value bit
 */
public record SignalState(int bits) {
    /** The value is live. */
    public static final int CONNECTED = 0x02;
    /** Orange: alarm. */
    public static final int ORANGE = 0x04;
    /** Yellow: warning. */
    public static final int YELLOW = 0x08;
    /** Red = orange | yellow: error. */
    public static final int RED = 0x0C;
    /** Live and fine: what a writer sets by default. */
    public static final SignalState OK = new SignalState(CONNECTED);
    /** Not live: nobody has written this value or its source is gone. */
    public static final SignalState DISCONNECTED = new SignalState(0);

    /** How good a live value is. */
    public enum Level {
        /** No colour bit. */
        OK,
        /** Yellow. */
        WARNING,
        /** Orange. */
        ALARM,
        /** Red. */
        ERROR
    }

    /** Keeps the state bits only (bit 0, the boolean value, is dropped). */
    public SignalState {
        bits = bits & 0xFE;
    }

    /** A state from a connected flag and a level. */
    public static SignalState of(boolean connected, Level level) {
        int colour = switch (level) {
            case OK -> 0;
            case WARNING -> YELLOW;
            case ALARM -> ORANGE;
            case ERROR -> RED;
        };
        return new SignalState((connected ? CONNECTED : 0) | colour);
    }

    /** True if the value is live. */
    public boolean connected() {
        return (bits & CONNECTED) != 0;
    }

    /** The colour level. */
    public Level level() {
        return switch (bits & RED) {
            case YELLOW -> Level.WARNING;
            case ORANGE -> Level.ALARM;
            case RED -> Level.ERROR;
            default -> Level.OK;
        };
    }

    /** True if live with no colour bit. */
    public boolean ok() {
        return connected() && level() == Level.OK;
    }

    /** The same state with CONNECTED cleared, e.g. when the source of a value went away. */
    public SignalState disconnected() {
        return new SignalState(bits & ~CONNECTED);
    }
}
