package org.ioswitch.server.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.ListDevices;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.Subscribe;
import org.ioswitch.common.wire.Unsubscribe;
import org.ioswitch.common.wire.WriteOutcome;
import org.ioswitch.common.wire.WriteResult;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.registry.Block;
import org.ioswitch.server.registry.BlockSubscriber;
import org.ioswitch.server.registry.DeviceAnswers;
import org.ioswitch.server.registry.Network;
import org.ioswitch.server.registry.WriteAnswer;
import org.tinylog.Logger;

/**
 * A connected operator client: lists the devices of its own network, subscribes to blocks it may read (the server
 * announces each with an id of its own and keeps it current, and tells the device's status: DEVICE_STATUS) and writes
 * DOWN blocks it may write, each write answered with an ACK (accepted or refused by the server) and then a
 * WRITE_RESULT (what the device made of it: applied, rejected, or pending while it is offline). Every lookup goes
 * through the session's one {@link Network}, so another network's devices do not exist here. Refusals are ACKs; the
 * connection stays open.
 */
final class OperatorSession extends Session {
    private final Network network;
    private final Account account;
    /** The peer's IP address, what its refusal lines are collapsed under. */
    private final String address;

    /** One subscribed block; the assembler follows the operator's own writes, which are diffs against its last. */
    private static final class Subscription {
        final Block block;
        final BlockSubscriber listener;
        SnapshotAssembler assembler;

        Subscription(Block block, BlockSubscriber listener) {
            this.block = block;
            this.listener = listener;
        }
    }

    private final Map<Integer, Subscription> subscriptions = new ConcurrentHashMap<>();
    /** Reader thread only. */
    private int nextId = 1;

    /** Sends DEVICE_STATUS of devices this operator has subscribed blocks of; registered while the session lives. */
    private final java.util.function.Consumer<DeviceStatus> statusListener = this::statusChanged;

    OperatorSession(HomeServer server, Network network, Account account, String address) {
        super(server, account.qualifiedName());
        this.network = network;
        this.account = account;
        this.address = address;
        network.addStatusListener(statusListener);
    }

    private void statusChanged(DeviceStatus status) {
        Link l = link();
        if (l == null || l.isClosed()) {
            return;
        }
        boolean subscribed = subscriptions.values().stream().anyMatch(s -> s.block.deviceId().equals(status.deviceId()));
        if (subscribed) {
            sendQuietly(l, status);
        }
    }

    private static void sendQuietly(Link l, Frame f) {
        try {
            l.send(f);
        } catch (IOException e) {
            // The link is ending; its close is logged with the reason.
            Logger.debug("{}: {} not sent: {}", l.peer(), f.type(), e.getMessage());
        }
    }

    @Override
    Account account() {
        return account;
    }

    @Override
    public Receiver receiver() {
        return Receiver.SERVER_OPERATOR;
    }

    @Override
    public void listDevices(Link link, ListDevices frame) throws IOException {
        link.send(deviceList());
    }

    @Override
    public void subscribe(Link link, Subscribe s) throws IOException {
        subscribe(link, s.deviceId(), s.blockName());
    }

    @Override
    public void unsubscribe(Link link, Unsubscribe u) {
        subscriptions.entrySet().removeIf(e -> {
            Block b = e.getValue().block;
            boolean match = b.deviceId().equals(u.deviceId()) && b.name().equals(u.blockName());
            if (match) {
                b.unlisten(e.getValue().listener);
            }
            return match;
        });
    }

    @Override
    public void data(Link link, Data d) throws IOException {
        write(link, d);
    }

    /**
     * The devices this account sees, each with the blocks it may read: also device accounts that have not connected
     * since the server started (offline, no blocks), so an operator finds every device the server knows.
     */
    private DeviceList deviceList() {
        List<DeviceList.DeviceEntry> entries = new ArrayList<>();
        for (Network.DeviceView d : network.devices(server.accounts().deviceIds(network.name()))) {
            String device = network.shortName(d.deviceId()).orElseThrow();
            if (!account.rules().maySee(account.name(), device, d.blocks().stream().map(Block::name).toList())) {
                continue;
            }
            List<DeviceList.BlockEntry> blocks = new ArrayList<>();
            for (Block b : d.blocks()) {
                if (account.rules().mayRead(account.name(), device, b.name())) {
                    blocks.add(new DeviceList.BlockEntry(b.name(), b.direction(), b.size()));
                }
            }
            entries.add(new DeviceList.DeviceEntry(d.deviceId(), blocks, d.online(), d.status()));
        }
        return new DeviceList(entries);
    }

    private void subscribe(Link link, String deviceId, String blockName) throws IOException {
        Optional<String> device = network.shortName(deviceId);
        if (device.isEmpty() || !account.rules().mayRead(account.name(), device.get(), blockName)) {
            server.peerLog().info(address, "{}: {} may not read {}.{}", link.peer(), account.qualifiedName(), deviceId,
                    blockName);
            link.send(new Ack(0, 0, Ack.NOT_AUTHORIZED, "not authorized to read " + deviceId + "." + blockName));
            return;
        }
        Optional<Block> block = network.block(deviceId, blockName);
        if (block.isEmpty()) {
            String why = network.knows(deviceId) ? ""
                    : server.accounts().deviceIds(network.name()).contains(deviceId)
                    ? " (" + deviceId + " has not connected since the server started)" : " (no such device)";
            link.send(new Ack(0, 0, Ack.UNKNOWN_BLOCK, "no block " + deviceId + "." + blockName + why));
            return;
        }
        Block b = block.get();
        for (Map.Entry<Integer, Subscription> e : subscriptions.entrySet()) {
            if (e.getValue().block == b) {
                // Subscribing again asks for the whole block again.
                link.send(new BlockAnnounce(e.getKey(), deviceId, blockName, b.direction(), b.size(), flags(b)));
                link.resend(e.getKey());
                link.publish(e.getKey(), b.image());
                return;
            }
        }
        int id = nextId++;
        BlockSubscriber listener = new BlockSubscriber() {
            @Override
            public void snapshot(byte[] image) {
                link.publish(id, image);
            }

            @Override
            public void reverted(byte[] image, long version) {
                // The operator's copy holds its rejected write, which we never echoed back: send the block whole.
                link.resend(id);
                link.publish(id, image);
            }

            @Override
            public void removed() {
                removedBlock(link, id);
            }
        };
        subscriptions.put(id, new Subscription(b, listener));
        link.send(new BlockAnnounce(id, deviceId, blockName, b.direction(), b.size(), flags(b)));
        network.status(deviceId).ifPresent(st -> sendQuietly(link, st));
        b.listen(listener);
    }

    /**
     * The registry dropped a subscribed block (its device re-announced it with another size or direction): the
     * operator's view of it is gone, so say so with BLOCK_REMOVE; the operator subscribes again for the new block.
     */
    private void removedBlock(Link link, int id) {
        Subscription s = subscriptions.remove(id);
        if (s == null || link.isClosed()) {
            return;
        }
        Logger.info("{}: {} was replaced; BLOCK_REMOVE {} to {}", link.peer(), s.block, id, account.qualifiedName());
        try {
            link.send(new BlockRemove(id));
        } catch (IOException e) {
            // The link is ending; its close is logged with the reason.
            Logger.debug("{}: BLOCK_REMOVE {} not sent: {}", link.peer(), id, e.getMessage());
        }
    }

    private void write(Link link, Data d) throws IOException {
        Subscription s = subscriptions.get(d.blockId());
        if (s == null) {
            if (d.complete()) {
                link.send(new Ack(d.blockId(), d.snapshotSeq(), Ack.UNKNOWN_BLOCK,
                        "block " + d.blockId() + " is not subscribed on this connection"));
            }
            return;
        }
        Block b = s.block;
        if (s.assembler == null) {
            s.assembler = new SnapshotAssembler(d.blockId(), b.size());
        }
        // Assembled even when refused below: the operator's next diff is against what it sent, not what we kept.
        Snapshot snapshot = s.assembler.accept(d);
        if (snapshot == null) {
            return;
        }
        String device = network.shortName(b.deviceId()).orElseThrow();
        String what = b.deviceId() + "." + b.name();
        if (b.direction() != Direction.DOWN) {
            link.send(new Ack(d.blockId(), d.snapshotSeq(), Ack.INVALID,
                    what + " is an UP block: only its device writes it"));
        } else if (!account.rules().mayWrite(account.name(), device, b.name())) {
            server.peerLog().info(address, "{}: write to {} refused: {} has no write right", link.peer(), what,
                    account.qualifiedName());
            link.send(new Ack(d.blockId(), d.snapshotSeq(), Ack.NOT_AUTHORIZED,
                    "not authorized to write " + what));
        } else {
            long version = b.write(snapshot.sharedBytes(), server.clock().millis());
            link.send(new Ack(d.blockId(), d.snapshotSeq(), Ack.ACCEPTED, "accepted as version " + version));
            int opId = d.blockId();
            long seq = d.snapshotSeq();
            DeviceAnswers.follow(network, b, version, answer -> answered(link, opId, seq, version, answer));
        }
    }

    private void answered(Link link, int opId, long seq, long version, WriteAnswer a) {
        if (link.isClosed()) {
            return;
        }
        long v = a.outcome() == WriteOutcome.APPLIED ? a.version() : version;
        sendQuietly(link, new WriteResult(opId, seq, a.outcome(), v, a.sinceMillis(), a.text()));
    }

    private static int flags(Block b) {
        return b.fixed() ? BlockAnnounce.STATIC : 0;
    }

    @Override
    String role() {
        return "operator";
    }

    @Override
    void onEnd(CloseReason reason) {
        network.removeStatusListener(statusListener);
        for (Subscription s : subscriptions.values()) {
            s.block.unlisten(s.listener);
        }
        subscriptions.clear();
    }
}
