package org.ioswitch.server.registry;

/** Receives every snapshot published to a block; must not block (a session hands it to its coalescing outbox). */
@FunctionalInterface
public interface BlockSubscriber {
    /** A new whole snapshot; the array is never modified afterwards. */
    void snapshot(byte[] image);

    /**
     * A new whole snapshot with its version (DOWN blocks; 0 for UP blocks and a DOWN block never written). By default
     * the version is not needed: {@link #snapshot(byte[])}.
     */
    default void snapshot(byte[] image, long version) {
        snapshot(image);
    }

    /**
     * The block fell back to an older image (its device rejected a write). A subscriber whose peer changed its own
     * copy (the operator that wrote) must send it whole, not as a difference from what it sent last: by default, as
     * any snapshot.
     */
    default void reverted(byte[] image, long version) {
        snapshot(image, version);
    }

    /**
     * The block is gone from the registry (its device re-announced it with another size or direction, e.g. new
     * firmware): nothing more will reach this listener. Called once, outside the block's lock.
     */
    default void removed() {
    }
}
