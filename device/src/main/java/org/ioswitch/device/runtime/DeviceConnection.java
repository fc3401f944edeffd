package org.ioswitch.device.runtime;

import java.io.IOException;
import java.util.List;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.block.SnapshotAssembler;
import org.ioswitch.common.link.FrameHandler;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.WireException;
import org.tinylog.Logger;

/**
 * One live connection of a device: announces its blocks (block id = index in {@code blocks}), sends every UP block
 * whole and then its changes, and applies each DOWN snapshot the server sends, whole, when it completes.
 *
 * <pre>
 *   announce all ──► publish UP keyframes ──► LIVE (UP changes out, DOWN snapshots in) ──► closed
 * </pre>
 */
final class DeviceConnection implements FrameHandler.ByType {
    private final List<MemoryBlock> blocks;
    private final String deviceId;
    /** Reader thread only: one assembler per DOWN block, fresh for every connection (the server sends keyframes). */
    private final SnapshotAssembler[] assemblers;
    private volatile Link link;

    DeviceConnection(List<MemoryBlock> blocks, String deviceId) {
        this.blocks = blocks;
        this.deviceId = deviceId;
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
            if (blocks.get(i).direction() == Direction.UP) {
                started.publish(i, blocks.get(i).snapshot().sharedBytes());
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
            Logger.debug("device {}: applying {} snapshot {}", deviceId, blocks.get(id).name(), s.seq());
            blocks.get(id).apply(s);
        }
    }
}
