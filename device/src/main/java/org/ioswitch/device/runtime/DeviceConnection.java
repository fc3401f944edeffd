package org.ioswitch.device.runtime;

import java.io.IOException;
import java.util.List;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.block.SnapshotAssembler;
import org.ioswitch.common.link.FrameHandler;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.wire.Ack;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.WireException;
import org.tinylog.Logger;

/**
 * One live connection of a device: announces its blocks (block id = index in {@code blocks}), sends every UP block
 * whole and then its changes, offers each DOWN block it holds (its image and version, so a server that lost it adopts
 * it), and answers each DOWN snapshot the server sends: a newer version is checked (signal map min/max, the
 * application's {@link WriteCheck}s) and applied whole or rejected with a reason; an older one is refused as outdated,
 * so no restart ever hands the outputs an older image or zeros.
 *
 * <pre>
 *   announce all ──► UP keyframes, DOWN offers ──► LIVE (UP changes out, DOWN snapshots in, ACK per version) ──► closed
 * </pre>
 */
final class DeviceConnection implements FrameHandler.ByType {
    private final List<MemoryBlock> blocks;
    private final String deviceId;
    /** Reader thread only: one assembler per DOWN block, fresh for every connection (the server sends keyframes). */
    private final SnapshotAssembler[] assemblers;
    private volatile Link link;
    private final List<WriteCheck> checks;
    private final KeptOutputs kept;

    DeviceConnection(List<MemoryBlock> blocks, String deviceId, List<WriteCheck> checks, KeptOutputs kept) {
        this.blocks = blocks;
        this.deviceId = deviceId;
        this.checks = checks;
        this.kept = kept;
        this.assemblers = new SnapshotAssembler[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).direction() == Direction.DOWN) {
                assemblers[i] = new SnapshotAssembler(i, blocks.get(i).size());
            }
        }
    }

    /** Announces the blocks and offers every UP block's current snapshot whole. */
    void begin(Link started, boolean staticInfo) throws IOException {
        for (int i = 0; i < blocks.size(); i++) {
            MemoryBlock b = blocks.get(i);
            int flags = staticInfo && b.name().equals(Device.INFO) ? BlockAnnounce.STATIC : 0;
            started.send(new BlockAnnounce(i, deviceId, b.name(), b.direction(), b.size(), flags));
        }
        this.link = started;
        for (int i = 0; i < blocks.size(); i++) {
            MemoryBlock b = blocks.get(i);
            if (b.direction() == Direction.UP) {
                started.publish(i, b.snapshot().sharedBytes());
            } else if (b.snapshot().seq() > 0) {
                // What we hold, with its version: a server that lost it (or never had it) adopts it.
                started.publish(i, b.snapshot().sharedBytes(), b.snapshot().seq());
            }
        }
    }

    /** Offers a newly published snapshot of an UP block; coalesced by the link. */
    void published(MemoryBlock block, Snapshot snapshot) {
        Link l = link;
        if (l != null && !l.isClosed()) {
            l.publish(blocks.indexOf(block), snapshot.sharedBytes());
        }
    }

    @Override
    public Receiver receiver() {
        return Receiver.DEVICE;
    }

    /** A DOWN block's snapshot from the server; the only frame a device's handler gets (the table refuses others). */
    @Override
    public void data(Link from, Data data) throws IOException {
        int id = data.blockId();
        if (id >= blocks.size()) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "DATA block " + id + ": device " + deviceId
                    + " announced blocks 0.." + (blocks.size() - 1));
        }
        if (assemblers[id] == null) {
            throw new WireException(CloseCode.NOT_AUTHORIZED, "DATA block " + id + " (" + blocks.get(id).name()
                    + "): an UP block is written only by its device");
        }
        Snapshot s = assemblers[id].accept(data);
        if (s != null) {
            from.send(answer(id, blocks.get(id), s));
        }
    }

    /** Applies a newer version unless a check refuses it; the ACK says which. */
    private Ack answer(int id, MemoryBlock block, Snapshot proposed) {
        Snapshot current = block.snapshot();
        long held = current.seq();
        if (proposed.seq() < held) {
            Logger.info("device {}: {} version {} is older than the version {} it holds: kept", deviceId, block.name(),
                    proposed.seq(), held);
            return new Ack(id, proposed.seq(), Ack.OUTDATED, "device holds version " + held);
        }
        if (proposed.seq() == held) {
            return new Ack(id, held, Ack.ACCEPTED, "holds it");
        }
        for (WriteCheck check : checks) {
            String reason;
            try {
                reason = check.refuse(block, current, proposed);
            } catch (RuntimeException e) {
                Logger.warn(e, "device {}: write check on {} failed", deviceId, block.name());
                reason = "write check failed: " + e;
            }
            if (reason != null) {
                Logger.info("device {}: {} version {} rejected: {}", deviceId, block.name(), proposed.seq(), reason);
                return new Ack(id, proposed.seq(), Ack.REJECTED, reason);
            }
        }
        Logger.debug("device {}: applying {} version {}", deviceId, block.name(), proposed.seq());
        kept.applying(block, proposed);
        block.apply(proposed);
        return new Ack(id, proposed.seq(), Ack.ACCEPTED, "applied");
    }
}
