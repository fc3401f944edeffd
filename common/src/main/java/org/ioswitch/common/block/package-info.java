/**
 * Memory blocks and signals: {@link org.ioswitch.common.block.MemoryBlock} holds a device's named byte array and
 * publishes immutable {@link org.ioswitch.common.block.Snapshot}s; {@link org.ioswitch.common.block.SignalMap}
 * reads iocom {@code signals.json} layouts; {@link org.ioswitch.common.block.SnapshotEncoder} and
 * {@link org.ioswitch.common.block.SnapshotAssembler} turn snapshots into DATA frames and back.
 */
package org.ioswitch.common.block;
