package org.ioswitch.server.session;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.block.SnapshotAssembler;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.BlockRemove;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.WireException;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.registry.Block;
import org.ioswitch.server.registry.BlockSubscriber;
import org.ioswitch.server.registry.DeviceLink;
import org.ioswitch.server.registry.Network;

/**
 * A connected device: its announcements bind its block ids to registry blocks; DATA on an UP block is assembled and
 * published whole to the block's listeners; a DOWN block is resynchronized with the server's image at once and then
 * follows every accepted operator write. Frames arrive on the link's reader thread.
 */
final class DeviceSession extends Session {
    private final Network network;
    private final Account account;
    private final String deviceId;

    /** One announced block on this connection. */
    private record Binding(Block block, SnapshotAssembler assembler, BlockSubscriber listener) {
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
        Optional<Object> previous = network.attach(deviceId, this);
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
        if (up) {
            bindings.put(a.blockId(), new Binding(b, new SnapshotAssembler(a.blockId(), a.size()), null));
        } else {
            int id = a.blockId();
            BlockSubscriber toDevice = image -> link.publish(id, image);
            bindings.put(id, new Binding(b, null, toDevice));
            // listen() hands over the current image first: the device's resync after every (re)connect.
            b.listen(toDevice);
        }
    }

    private void data(Data d) throws WireException {
        Binding b = bindings.get(d.blockId());
        if (b == null) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "DATA block " + d.blockId() + ": not announced");
        }
        if (b.assembler() == null) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "DATA block " + d.blockId() + " (" + b.block().name()
                    + "): a DOWN block is written by the server, not by the device");
        }
        Snapshot snapshot = b.assembler().accept(d);
        if (snapshot != null) {
            b.block().publish(snapshot.sharedBytes());
        }
    }

    @Override
    String role() {
        return "device";
    }

    @Override
    void onEnd() {
        for (Binding b : bindings.values()) {
            if (b.listener() != null) {
                b.block().unlisten(b.listener());
            }
        }
        bindings.clear();
        network.detach(deviceId, this);
        // Only this session's entry: a newer session of the same device may have replaced it already.
        server.deviceLinks().computeIfPresent(deviceId, (id, current) -> current == via ? null : current);
    }
}
