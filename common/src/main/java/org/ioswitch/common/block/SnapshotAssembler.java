package org.ioswitch.common.block;

import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Range;
import org.ioswitch.common.wire.WireException;

/**
 * Receives the DATA frames of one block on one connection and yields each snapshot whole at its COMPLETE frame,
 * so the block can {@link MemoryBlock#apply apply} it atomically. Every range is checked against the block size.
 * Not thread-safe: owned by the connection's reader thread.
 */
public final class SnapshotAssembler {
    private final int blockId;
    private final int size;
    // the last complete image: the base of deltas and of the next snapshot
    private byte[] base;
    private byte[] pending;
    // pending[0 .. covered) holds its final bytes so far; the rest is filled from base as ranges pass it, so a
    // snapshot that rewrites the whole block never copies the old image first
    private int covered;
    private long pendingSeq;
    private boolean pendingKeyframe;
    // all-zero image, the delta base of keyframes; made on first use
    private byte[] zeros;

    /** An assembler for block {@code blockId} of {@code size} bytes, starting from an all-zero image. */
    public SnapshotAssembler(int blockId, int size) {
        this.blockId = blockId;
        this.size = size;
        this.base = new byte[size];
    }

    /**
     * Applies one DATA frame.
     *
     * @return the complete snapshot if this frame carried COMPLETE, else null
     * @throws WireException if a range does not fit the block, a compressed range is malformed, or a new snapshot
     *     starts before the previous one completed
     */
    public Snapshot accept(Data frame) throws WireException {
        if (frame.blockId() != blockId) {
            throw new IllegalArgumentException("DATA block " + blockId + ": got a frame of block " + frame.blockId());
        }
        if (pending == null) {
            pending = new byte[size];
            covered = 0;
            pendingSeq = frame.snapshotSeq();
            pendingKeyframe = frame.keyframe();
        } else if (frame.snapshotSeq() != pendingSeq || frame.keyframe() != pendingKeyframe) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "DATA block " + blockId + ": snapshot "
                    + frame.snapshotSeq()
                    + " started before snapshot " + pendingSeq + " completed");
        }
        byte[] deltaBase = pendingKeyframe ? zeros() : base;
        for (Range r : frame.ranges()) {
            int length = frame.compressed() ? ZeroRun.decodedLength(r.source(), r.from(), r.length()) : r.length();
            if ((long) r.offset() + length > size) {
                throw new WireException(CloseCode.PROTOCOL_ERROR,
                        "DATA block " + blockId + ": range " + r.offset() + "+" + length + " exceeds size " + size);
            }
            fillTo(r.offset());
            if (frame.compressed()) {
                ZeroRun.decode(r.source(), r.from(), r.length(), deltaBase, pending, r.offset());
            } else {
                System.arraycopy(r.source(), r.from(), pending, r.offset(), length);
            }
            // A range behind the covered part just overwrites bytes already final: later ranges win, as they must.
            covered = Math.max(covered, r.offset() + length);
        }
        if (!frame.complete()) {
            return null;
        }
        fillTo(size);
        base = pending;
        pending = null;
        // base is never written again (the next snapshot is a new array), so the snapshot can share it
        return Snapshot.wrap(pendingSeq, base);
    }

    /** Gives {@code pending[covered .. to)} the bytes of the image it starts from, if it has not got them yet. */
    private void fillTo(int to) {
        if (to > covered) {
            if (!pendingKeyframe) {
                System.arraycopy(base, covered, pending, covered, to - covered);
            }
            // a keyframe starts from zeros, which a new array already holds
            covered = to;
        }
    }

    private byte[] zeros() {
        if (zeros == null) {
            zeros = new byte[size];
        }
        return zeros;
    }

    /** Forgets the image, e.g. after a reconnect: the next snapshot must be a keyframe or starts from zeros. */
    public void reset() {
        base = new byte[size];
        pending = null;
    }
}
