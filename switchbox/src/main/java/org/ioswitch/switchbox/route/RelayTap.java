package org.ioswitch.switchbox.route;

/** Sees every byte the switchbox relays; for tests and diagnostics, never for production logging. */
@FunctionalInterface
public interface RelayTap {
    /** A tap that does nothing. */
    RelayTap NONE = (network, streamId, toHome, bytes, off, len) -> { };

    /**
     * Bytes relayed on a stream.
     *
     * @param toHome true from client to home server, false back
     */
    void relayed(String network, int streamId, boolean toHome, byte[] bytes, int off, int len);
}
