package org.ioswitch.device.runtime;

import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.Snapshot;

/**
 * The application's say on a write from above: before a DOWN snapshot (an operator's write, delivered by the server)
 * is applied, every check may refuse it with a reason. A refused snapshot is not applied at all (a snapshot is applied
 * whole or not), the block keeps its image, and the operator sees {@code rejected: <reason>}.
 *
 * <pre>
 *   device.addWriteCheck((block, current, proposed) -&gt; {
 *       double sp = proposed.getDouble(setpoint);
 *       return sp &lt; 5 || sp &gt; 35 ? "setpoint " + sp + " outside 5..35" : null;
 *   });
 * </pre>
 */
@FunctionalInterface
public interface WriteCheck {
    /**
     * Runs on the connection's reader thread before the snapshot is applied; keep it short.
     *
     * @param block the DOWN block written
     * @param current what it holds now
     * @param proposed what the write would make it
     * @return null to accept, or the reason to refuse (shown to the operator)
     */
    String refuse(MemoryBlock block, Snapshot current, Snapshot proposed);
}
