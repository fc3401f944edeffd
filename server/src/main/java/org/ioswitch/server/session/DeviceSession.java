package org.ioswitch.server.session;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.block.SnapshotAssembler;
import org.ioswitch.common.wire.Ack;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.BlockRemove;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.OfflineCause;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.registry.Block;
import org.ioswitch.server.registry.BlockSubscriber;
import org.ioswitch.server.registry.DeviceLink;
import org.ioswitch.server.registry.Network;
import org.tinylog.Logger;

/**
 * A connected device: its announcements bind its block ids to registry blocks; DATA on an UP block is assembled and
 * published whole to the block's listeners; a DOWN block is sent the server's image and version at once and then
 * follows every accepted operator write. The device answers each DOWN version with an ACK (applied, rejected with a
 * reason, or outdated: it holds a newer one), and right after announcing a DOWN block it may offer the image it
 * holds, as DATA with its version, which the server adopts when it is newer than its own. Frames arrive on the link's
 * reader thread.
 */
final class DeviceSession extends Session {
    private final Network network;
    private final Account account;
    private final String deviceId;

    /**
     * One announced block on this connection; {@code listener} is set for a DOWN block (it feeds the device), and the
     * assembler takes an UP block's snapshots or a DOWN block's offer of what the device holds.
     */
    private record Binding(Block block, SnapshotAssembler assembler, BlockSubscriber listener) {
        boolean down() {
            return listener != null;
        }
    }

    /** Written on the reader thread, read by {@link #onEnd} from any thread. */
    private final Map<Integer, Binding> bindings = new ConcurrentHashMap<>();

    private final DeviceLink via;

    DeviceSession(HomeServer server, Network network, Account account, String deviceId, DeviceLink via) {
        super(server, deviceId);
        this.network = network;
        this.account = account;
        this.deviceId = deviceId;
        this.via = via;
        server.deviceLinks().put(deviceId, via);
        Optional<Object> previous = network.attach(deviceId, this,
                "switchbox".equals(via.route()) ? DeviceStatus.VIA_SWITCHBOX : DeviceStatus.VIA_DIRECT, via.boardType(),
                server.clock().millis());
        previous.ifPresent(p -> ((Session) p).close(CloseCode.REPLACED, deviceId + " connected again"));
    }

    @Override
    public Receiver receiver() {
        return Receiver.SERVER_DEVICE;
    }

    @Override
    public void blockAnnounce(Link link, BlockAnnounce a) throws IOException {
        announce(link, a);
    }

    @Override
    public void data(Link link, Data d) throws IOException {
        data(d);
    }

    @Override
    public void ack(Link link, Ack a) throws IOException {
        answered(a);
    }

    @Override
    public void blockRemove(Link link, BlockRemove r) {
        Binding b = bindings.remove(r.blockId());
        if (b != null && b.listener() != null) {
            b.block().unlisten(b.listener());
        }
    }

    private void announce(Link link, BlockAnnounce a) throws WireException {
        WireLimits limits = link.options().limits();
        String block = a.blockName();
        if (!a.deviceId().equals(deviceId)) {
            throw new WireException(CloseCode.NOT_AUTHORIZED, "BLOCK_ANNOUNCE " + block + ": device " + deviceId
                    + " may not announce blocks of " + a.deviceId());
        }
        if (a.size() > limits.maxBlockSize()) {
            throw new WireException(CloseCode.LIMIT, "BLOCK_ANNOUNCE " + block + ": size " + a.size()
                    + " exceeds maxBlockSize " + limits.maxBlockSize());
        }
        if (bindings.containsKey(a.blockId())) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "BLOCK_ANNOUNCE " + block + ": block id "
                    + a.blockId() + " is already in use on this connection");
        }
        if (network.block(deviceId, block).isEmpty() && network.blockCount(deviceId) >= limits.maxBlocksPerDevice()) {
            throw new WireException(CloseCode.LIMIT, "BLOCK_ANNOUNCE " + block + ": device has "
                    + network.blockCount(deviceId) + " blocks, maxBlocksPerDevice " + limits.maxBlocksPerDevice());
        }
        boolean up = a.direction() == Direction.UP;
        boolean allowed = up ? account.rules().mayWrite(account.name(), account.name(), block)
                : account.rules().mayRead(account.name(), account.name(), block);
        if (!allowed) {
            throw new WireException(CloseCode.NOT_AUTHORIZED, "BLOCK_ANNOUNCE " + block + " (" + a.direction()
                    + "): account " + account.qualifiedName() + " has no " + (up ? "write" : "read")
                    + " right on it");
        }
        Block b = network.announce(deviceId, block, a.direction(), a.size(), (a.flags() & BlockAnnounce.STATIC) != 0);
        SnapshotAssembler assembler = new SnapshotAssembler(a.blockId(), a.size());
        if (up) {
            bindings.put(a.blockId(), new Binding(b, assembler, null));
        } else {
            int id = a.blockId();
            BlockSubscriber toDevice = new BlockSubscriber() {
                @Override
                public void snapshot(byte[] image) {
                    throw new IllegalStateException("a DOWN block always has a version");
                }

                @Override
                public void snapshot(byte[] image, long version) {
                    link.publish(id, image, version);
                }
            };
            bindings.put(id, new Binding(b, assembler, toDevice));
            // listen() hands over the current image first: the device's resync after every (re)connect. A device that
            // holds a newer image keeps it (ACK OUTDATED) and offers it; then we adopt it and send it back.
            b.listen(toDevice);
        }
    }

    /** The device's answer to a version of a DOWN block. */
    private void answered(Ack a) throws WireException {
        Binding b = bindings.get(a.blockId());
        if (b == null || !b.down()) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "ACK block " + a.blockId()
                    + ": a device answers only the DOWN blocks it announced");
        }
        switch (a.status()) {
            case Ack.ACCEPTED -> b.block().confirmed(a.snapshotSeq());
            case Ack.REJECTED -> {
                Logger.info("{}.{}: device rejected version {}: {}", deviceId, b.block().name(), a.snapshotSeq(),
                        a.text());
                b.block().rejected(a.snapshotSeq(), a.text());
            }
            case Ack.OUTDATED -> Logger.debug("{}.{}: device keeps a newer image than version {}: {}", deviceId,
                    b.block().name(), a.snapshotSeq(), a.text());
            default -> throw new WireException(CloseCode.PROTOCOL_ERROR, "ACK block " + a.blockId() + ": status "
                    + a.status() + " is not an answer a device gives (0 applied, 4 rejected, 5 outdated)");
        }
    }

    private void data(Data d) throws WireException {
        Binding b = bindings.get(d.blockId());
        if (b == null) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "DATA block " + d.blockId() + ": not announced");
        }
        Snapshot snapshot = b.assembler().accept(d);
        if (snapshot == null) {
            return;
        }
        if (!b.down()) {
            b.block().publish(snapshot.sharedBytes());
        } else if (b.block().offered(snapshot.sharedBytes(), snapshot.seq())) {
            // The device's image is newer than ours: we lost it, never had it, or crashed before saving it.
            Logger.info("{}.{}: adopted the device's image, version {}", deviceId, b.block().name(), snapshot.seq());
        }
    }

    @Override
    String role() {
        return "device";
    }

    @Override
    void onEnd(CloseReason reason) {
        long now = server.clock().millis();
        for (Binding b : bindings.values()) {
            if (b.listener() != null) {
                b.block().unlisten(b.listener());
            }
        }
        if (network.detach(deviceId, this, cause(reason), now)) {
            for (Binding b : bindings.values()) {
                if (b.down()) {
                    b.block().deviceGone(now);
                }
            }
        }
        bindings.clear();
        // Only this session's entry: a newer session of the same device may have replaced it already.
        server.deviceLinks().computeIfPresent(deviceId, (id, current) -> current == via ? null : current);
    }

    /** Why the device is gone, from how its link ended. */
    static OfflineCause cause(CloseReason reason) {
        if (reason == null) {
            return OfflineCause.CLOSED_BY_SERVER;
        }
        return switch (reason.by()) {
            case PEER -> reason.text().startsWith(Link.NO_CLOSE_FRAME) || reason.text().startsWith(Link.CONNECTION_LOST)
                    ? OfflineCause.NETWORK_ERROR : OfflineCause.CLOSED_BY_DEVICE;
            case LOCAL, USER -> switch (reason.code()) {
                case TIMEOUT -> OfflineCause.KEEPALIVE_TIMEOUT;
                case SHUTDOWN -> OfflineCause.SERVER_SHUTDOWN;
                case NOT_AUTHORIZED, AUTH_FAILED -> OfflineCause.DEVICE_RESET;
                default -> OfflineCause.CLOSED_BY_SERVER;
            };
        };
    }
}
