package org.ioswitch.device.operator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.ioswitch.common.wire.DeviceStatus;

/**
 * A device's status in one line for people: {@code online, directly, board simulator} or {@code offline since
 * 2026-12-03 14:02:11 (3m12s ago: keepalive timeout), was connected through the switchbox, board simulator}.
 */
public final class DeviceLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private DeviceLines() {
    }

    /** The line for {@code status} as seen at {@code now}. */
    public static String status(DeviceStatus status, Instant now) {
        String board = status.boardType().isEmpty() ? "" : ", board " + status.boardType();
        if (status.online()) {
            return "online, " + status.viaText() + board;
        }
        if (status.lastLiveMillis() == 0) {
            return "offline (" + status.cause().text() + ")" + board;
        }
        Instant last = Instant.ofEpochMilli(status.lastLiveMillis());
        String via = status.via() == DeviceStatus.VIA_UNKNOWN ? "" : ", was connected " + status.viaText();
        return "offline since " + TIME.format(last) + " (" + Ages.text(Duration.between(last, now)) + " ago: "
                + status.cause().text() + ")" + via + board;
    }
}
