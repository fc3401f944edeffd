package org.ioswitch.device.operator;

import java.time.Duration;

/** Short ages for people: {@code 45s}, {@code 3m12s}, {@code 2h03m}, {@code 4d07h}. */
final class Ages {
    private Ages() {
    }

    static String text(Duration age) {
        long s = Math.max(0, age.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + String.format("%02d", s % 60) + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h" + String.format("%02d", s % 3600 / 60) + "m";
        }
        return s / 86_400 + "d" + String.format("%02d", s % 86_400 / 3600) + "h";
    }
}
