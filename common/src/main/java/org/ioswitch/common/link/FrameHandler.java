package org.ioswitch.common.link;

import java.io.IOException;
import org.ioswitch.common.wire.Frame;

/**
 * Receives the frames of one link on its reader thread. Keepalive, credit and close frames are handled by the link
 * itself and never reach the handler. Throwing {@link org.ioswitch.common.wire.WireException} closes the link with
 * its code and text.
 */
@FunctionalInterface
public interface FrameHandler {
    /**
     * Handles one frame; runs on the link's reader thread, in arrival order. The range bytes of a
     * {@link org.ioswitch.common.wire.Data} frame are valid only until this method returns (the reader reuses its
     * buffer for the next DATA frame): copy what you keep, as a {@code SnapshotAssembler} does.
     */
    void onFrame(Link link, Frame frame) throws IOException;

    /**
     * Called when the peer has been silent longer than {@link LinkOptions#suspectAfter()} ({@code silent} true, on the
     * link's writer thread) and again when it is heard from after that ({@code silent} false, on the reader thread),
     * so that whoever shows values from this link can mark them stale well before the link is declared dead.
     */
    default void onSilence(Link link, boolean silent) {
    }

    /** Called once when the link has ended, from whichever thread ended it. */
    default void onClose(Link link, CloseReason reason) {
    }
}
