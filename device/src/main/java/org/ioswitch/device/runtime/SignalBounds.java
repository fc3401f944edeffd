package org.ioswitch.device.runtime;

import java.util.Locale;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalType;
import org.ioswitch.common.block.Snapshot;

/** The signal map's {@code min}/{@code max}, enforced by the device on writes from above (a built-in check). */
final class SignalBounds implements WriteCheck {
    @Override
    public String refuse(MemoryBlock block, Snapshot current, Snapshot proposed) {
        for (Signal s : block.layout().signals()) {
            if (s.min() == null && s.max() == null || s.type() == SignalType.STR) {
                continue;
            }
            // Only values this write changes: an old value out of bounds must not block an unrelated write.
            byte[] now = current.sharedBytes();
            byte[] next = proposed.sharedBytes();
            if (java.util.Arrays.equals(now, s.addr(), s.end(), next, s.addr(), s.end())) {
                continue;
            }
            double[] values = s.isArray() ? proposed.getDoubles(s) : new double[] {proposed.getDouble(s)};
            for (double v : values) {
                if (s.min() != null && v < s.min()) {
                    return s.name() + " " + text(v) + " is below its min " + text(s.min());
                }
                if (s.max() != null && v > s.max()) {
                    return s.name() + " " + text(v) + " is above its max " + text(s.max());
                }
            }
        }
        return null;
    }

    private static String text(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
