package org.ioswitch.common.tls;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.tinylog.Logger;

/**
 * Takes BCJSSE's java.util.logging records away from the JDK's console handler and writes them through tinylog as
 * one line each, without stack trace: DEBUG normally, WARN only for SEVERE. BCJSSE logs a WARNING with ~20 stack
 * frames for every TLS connection that is closed while it reads ({@code raised fatal(2) internal_error(80) alert:
 * Failed to read record}), which is what a dropped idle or slowloris peer is; our own code already logs that drop as
 * one INFO line with its reason, so BC's account of it is detail for DEBUG.
 */
final class BcLogRelay extends Handler {
    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        Throwable cause = record.getThrown();
        String text = "BCJSSE " + record.getMessage() + (cause == null ? "" : ": " + cause);
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            Logger.warn("{}", text);
        } else {
            Logger.debug("{}", text);
        }
    }

    @Override
    public void flush() {
        // tinylog's writers flush themselves
    }

    @Override
    public void close() {
        // nothing held
    }
}
