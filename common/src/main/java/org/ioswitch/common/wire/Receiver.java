package org.ioswitch.common.wire;

/**
 * Which end of a connection reads the frames: each end has its own row in the {@link ProtocolState} table, so a
 * frame one end may send is refused when it arrives at an end that must not receive it.
 */
public enum Receiver {
    /** A device, on its connection up to the home server (directly or through a switchbox). */
    DEVICE("device"),
    /** An operator client (console, CLI, dashboard). */
    OPERATOR("operator client"),
    /** A home server's uplink, during its hello exchange with the switchbox (then tunnel framing). */
    UPLINK("uplink"),
    /** The home server's end of a device's connection, including a device that waits for approval. */
    SERVER_DEVICE("device session"),
    /** The home server's end of an operator client's connection. */
    SERVER_OPERATOR("operator session"),
    /** The switchbox's end of a publisher's hello exchange (then tunnel framing). */
    SWITCHBOX("switchbox"),
    /** Any end: the union of every row, for a link tested on its own. */
    ANY("any end");

    private final String text;

    Receiver(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
