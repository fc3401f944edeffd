package org.ioswitch.server.registry;

/** Receives every snapshot published to a block; must not block (a session hands it to its coalescing outbox). */
@FunctionalInterface
public interface BlockListener {
    /** A new whole snapshot; the array is never modified afterwards. */
    void snapshot(byte[] image);
}
