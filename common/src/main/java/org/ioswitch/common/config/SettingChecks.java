package org.ioswitch.common.config;

import java.time.Duration;

/**
 * The checks the settings records' compact constructors share, so every one words its error the same way and names
 * the field: {@code keepaliveInterval must be > 0, was PT0S}.
 */
public final class SettingChecks {
    private SettingChecks() {
    }

    /**
     * Checks that a duration setting is above zero.
     *
     * @throws IllegalArgumentException naming {@code field} and the value when it is null, zero or negative
     */
    public static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
    }
}
