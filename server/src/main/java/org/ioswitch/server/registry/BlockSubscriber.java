package org.ioswitch.server.registry;

/** Receives every snapshot published to a block; must not block (a session hands it to its coalescing outbox). */
@FunctionalInterface
public interface BlockSubscriber {
    /** A new whole snapshot; the array is never modified afterwards. */
    void snapshot(byte[] image);

    /**
     * The block is gone from the registry (its device re-announced it with another size or direction, e.g. new
     * firmware): nothing more will reach this listener. Called once, outside the block's lock.
     */
    default void removed() {
    }
}
