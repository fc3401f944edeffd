package org.ioswitch.common.link;

import java.io.IOException;
import org.ioswitch.common.wire.Ack;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.BlockRemove;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.ListDevices;
import org.ioswitch.common.wire.ProtocolState;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.Subscribe;
import org.ioswitch.common.wire.Unsubscribe;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.common.wire.WriteResult;

/**
 * Receives the frames of one link on its reader thread. Keepalive, credit and close frames are handled by the link
 * itself and never reach the handler. Before a frame reaches {@link #onFrame}, the link checks it against the
 * {@link ProtocolState} table row of {@link #receiver()} in the link's state; a frame outside it closes the link
 * with PROTOCOL_ERROR naming frame and state. Throwing {@link WireException} closes the link with its code and text.
 *
 * <p>Sessions implement {@link ByType}: one method per frame type, dispatched in one place.
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

    /** Which end reads this link: its row of the protocol table. A bare handler (a link's own tests) is any end. */
    default Receiver receiver() {
        return Receiver.ANY;
    }

    /** The state the link starts in: LIVE after authentication; PAIRING for a device waiting for approval. */
    default ProtocolState initialState() {
        return ProtocolState.LIVE;
    }

    /**
     * A session's handler: one method per frame type a link delivers (as OkHttp's {@code Http2Reader.Handler}),
     * called after the protocol table let the frame in. A type this end may receive but whose method is not
     * overridden is a bug, closed as INTERNAL. A new frame type adds its method here and its case in
     * {@link #onFrame}.
     */
    interface ByType extends FrameHandler {
        @Override
        Receiver receiver();

        /** BLOCK_ANNOUNCE: a block's id, owner, name, direction and size. */
        default void blockAnnounce(Link link, BlockAnnounce frame) throws IOException {
            throw unhandled(frame);
        }

        /** BLOCK_REMOVE: the block with this id is gone. */
        default void blockRemove(Link link, BlockRemove frame) throws IOException {
            throw unhandled(frame);
        }

        /** SUBSCRIBE: an operator asks for a device's block. */
        default void subscribe(Link link, Subscribe frame) throws IOException {
            throw unhandled(frame);
        }

        /** UNSUBSCRIBE: an operator no longer wants a device's block. */
        default void unsubscribe(Link link, Unsubscribe frame) throws IOException {
            throw unhandled(frame);
        }

        /** LIST_DEVICES: an operator asks for the devices it may see. */
        default void listDevices(Link link, ListDevices frame) throws IOException {
            throw unhandled(frame);
        }

        /** DEVICE_LIST: the answer to LIST_DEVICES. */
        default void deviceList(Link link, DeviceList frame) throws IOException {
            throw unhandled(frame);
        }

        /** DATA: changed ranges of a block's snapshot; the range bytes live until this returns. */
        default void data(Link link, Data frame) throws IOException {
            throw unhandled(frame);
        }

        /** ACK: the outcome of a write or a subscription; from a device, its answer to a DOWN version. */
        default void ack(Link link, Ack frame) throws IOException {
            throw unhandled(frame);
        }

        /** WRITE_RESULT: what the device made of an operator's write (applied, rejected, pending). */
        default void writeResult(Link link, WriteResult frame) throws IOException {
            throw unhandled(frame);
        }

        /** DEVICE_STATUS: a device went online or offline (cause, last live time, route, board). */
        default void deviceStatus(Link link, DeviceStatus frame) throws IOException {
            throw unhandled(frame);
        }

        @Override
        default void onFrame(Link link, Frame frame) throws IOException {
            // A switch expression over every type: a new FrameType does not compile until it is sorted in here.
            boolean session = switch (frame.type()) {
                case BLOCK_ANNOUNCE, BLOCK_REMOVE, SUBSCRIBE, UNSUBSCRIBE, LIST_DEVICES, DEVICE_LIST, DEVICE_STATUS, DATA,
                        ACK, WRITE_RESULT -> true;
                // The handshakes and the link itself take these; the table keeps them from a session.
                case HELLO, HELLO_ACK, TRUST_REQUEST, TRUST_BUNDLE, AUTH, AUTH_OK, PAIRING_PENDING, CREDIT, PING, PONG,
                        CLOSE -> false;
            };
            if (!session) {
                throw unhandled(frame);
            }
            switch (frame.type()) {
                case BLOCK_ANNOUNCE -> blockAnnounce(link, (BlockAnnounce) frame);
                case BLOCK_REMOVE -> blockRemove(link, (BlockRemove) frame);
                case SUBSCRIBE -> subscribe(link, (Subscribe) frame);
                case UNSUBSCRIBE -> unsubscribe(link, (Unsubscribe) frame);
                case LIST_DEVICES -> listDevices(link, (ListDevices) frame);
                case DEVICE_LIST -> deviceList(link, (DeviceList) frame);
                case DATA -> data(link, (Data) frame);
                case ACK -> ack(link, (Ack) frame);
                case WRITE_RESULT -> writeResult(link, (WriteResult) frame);
                case DEVICE_STATUS -> deviceStatus(link, (DeviceStatus) frame);
                default -> throw unhandled(frame);
            }
        }

        private WireException unhandled(Frame frame) {
            return new WireException(CloseCode.INTERNAL, frame.type() + " reached the " + receiver()
                    + " handler, which has no method for it");
        }
    }
}
