package org.ioswitch.common.link;

import java.util.Arrays;
import java.util.Optional;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Range;
import org.ioswitch.common.wire.WireException;

/**
 * The inbound half of one replicated block: applies the ranges of DATA frames to a staging image and hands out a
 * whole snapshot only at the frame marked COMPLETE, so a reader never sees a torn mix of two snapshots.
 * Owned by the link's reader thread.
 */
public final class SnapshotAssembler {
    private final int blockId;
    private final byte[] staging;

    /** An assembler for a block of {@code size} bytes, starting from zeros. */
    public SnapshotAssembler(int blockId, int size) {
        this.blockId = blockId;
        this.staging = new byte[size];
    }

    /** An assembler starting from an image the receiver already holds. */
    public SnapshotAssembler(int blockId, byte[] current) {
        this.blockId = blockId;
        this.staging = current.clone();
    }

    /** The block's size in bytes. */
    public int size() {
        return staging.length;
    }

    /**
     * Applies one frame; returns a copy of the whole image when the frame completes a snapshot. Every range is checked
     * against the block size before anything is copied.
     */
    public Optional<byte[]> accept(Data data) throws WireException {
        if (data.compressed()) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "DATA block " + blockId + ": compressed data not negotiated");
        }
        for (Range r : data.ranges()) {
            if (r.end() > staging.length) {
                throw new WireException(CloseCode.PROTOCOL_ERROR, "DATA block " + blockId + ": range " + r.offset()
                        + "+" + r.length() + " exceeds size " + staging.length);
            }
        }
        for (Range r : data.ranges()) {
            System.arraycopy(r.bytes(), 0, staging, r.offset(), r.length());
        }
        return data.complete() ? Optional.of(Arrays.copyOf(staging, staging.length)) : Optional.empty();
    }
}
