package org.ioswitch.server.session;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.Privilege;
import org.ioswitch.common.wire.ProtocolState;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.pairing.Decision;
import org.ioswitch.server.pairing.KnownDevice;
import org.ioswitch.server.pairing.PendingDevice;
import org.ioswitch.server.registry.DeviceLink;
import org.ioswitch.server.registry.Network;
import org.tinylog.Logger;

/**
 * A device that got PAIRING_PENDING and waits on its open connection. The link keeps it alive (PING/PONG, dead-peer
 * timeout); the device may send nothing else. On approval the device session takes over this same link, and only
 * then is AUTH_OK sent, so the device's first announcement already finds it; a refusal closes with its reason.
 * <pre>
 *   WAITING ──approved──► DEVICE (AUTH_OK with the assigned id, frames go to the DeviceSession)
 *      │ rejected, expired, replaced, link ended
 *      ▼
 *   ENDED
 * </pre>
 */
final class PendingSession extends Session {
    private final Network network;
    private final PendingDevice device;
    private final DeviceLink via;
    /** Guarded by {@code this}: the device session once approved, and whether the link has ended. */
    private Session next;
    private boolean ended;
    private AutoCloseable waiting;

    PendingSession(HomeServer server, Network network, PendingDevice device, DeviceLink via) {
        super(server, device.requestedId());
        this.via = via;
        this.network = network;
        this.device = device;
    }

    @Override
    void onStart(Link started) {
        AutoCloseable w = server.pairing().await(device.secretId(), this::decided);
        synchronized (this) {
            waiting = w;
        }
        // PAIRING_PENDING went out before this waiter existed: a decision made in between found nobody to tell.
        // Now that the waiter is in place, look at the state once more; decided() ignores a second delivery.
        Optional<KnownDevice> approved = server.pairing().known(device.network(), device.secretId());
        if (approved.isPresent()) {
            decided(new Decision.Approved(approved.get()));
        } else if (server.pairing().rejected(device.secretId())) {
            decided(new Decision.Refused(CloseCode.PAIRING_REJECTED,
                    "pairing of " + device.requestedId() + " was rejected by an admin"));
        }
    }

    @Override
    public Receiver receiver() {
        return Receiver.SERVER_DEVICE;
    }

    /** Until approval the link is in PAIRING, where the table lets in only keepalive: nothing reaches a handler. */
    @Override
    public ProtocolState initialState() {
        return ProtocolState.PAIRING;
    }

    /** After approval every frame belongs to the device session. */
    @Override
    public void onFrame(Link link, Frame frame) throws IOException {
        Session s;
        synchronized (this) {
            s = next;
        }
        if (s == null) {
            throw new WireException(CloseCode.INTERNAL, frame.type() + " reached " + device.requestedId()
                    + " before its pairing was approved");
        }
        s.onFrame(link, frame);
    }

    private void decided(Decision decision) {
        Link link = link();
        if (decision instanceof Decision.Refused r) {
            Logger.info("{}: pairing of {} ended: {}", link.peer(), device.requestedId(), r.text());
            link.close(r.code(), r.text());
            return;
        }
        String id = ((Decision.Approved) decision).device().id();
        String name = ((Decision.Approved) decision).device().name();
        synchronized (this) {
            if (ended || next != null) {
                return;
            }
            Optional<Account> account = server.accounts().find(device.network(), name);
            if (account.isEmpty()) {
                link.close(CloseCode.INTERNAL, "account " + id + " vanished right after approval");
                return;
            }
            DeviceSession session = new DeviceSession(server, network, account.get(), id, via);
            next = session;
            session.started(link);
            // LIVE before AUTH_OK goes out: the device's first announcement follows it at once.
            link.enter(ProtocolState.LIVE);
        }
        try {
            link.send(new AuthOk(id, EnumSet.of(Privilege.DEVICE)));
            Logger.info("{} opened: device {} (paired, {})", link.peer(), id, device.boardType());
        } catch (IOException e) {
            link.close(CloseCode.NORMAL, "connection lost: " + e.getMessage());
        }
    }

    @Override
    synchronized String role() {
        return next == null ? "pairing" : "device";
    }

    @Override
    void onEnd(CloseReason reason) {
        Session s;
        AutoCloseable w;
        synchronized (this) {
            ended = true;
            s = next;
            w = waiting;
        }
        if (w != null) {
            try {
                w.close();
            } catch (Exception e) {
                Logger.debug("stop waiting: {}", e.getMessage());
            }
        }
        if (s != null) {
            s.onEnd(reason);
        }
    }
}
