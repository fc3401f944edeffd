package org.ioswitch.common.block;

/** Told when a block has a new snapshot, published locally or applied from the wire. */
@FunctionalInterface
public interface BlockListener {
    /**
     * Called on the thread that published or applied, in snapshot order, outside the block's data lock; keep it short.
     *
     * @param block the block
     * @param previous the snapshot before
     * @param current the new snapshot
     */
    void changed(MemoryBlock block, Snapshot previous, Snapshot current);
}
