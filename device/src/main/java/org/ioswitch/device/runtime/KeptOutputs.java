package org.ioswitch.device.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.block.Versions;
import org.ioswitch.common.files.CoalescingWriter;
import org.ioswitch.common.files.VersionedImage;
import org.tinylog.Logger;

/**
 * A device's outputs across its own restarts: the last applied image of each DOWN block, with its version, kept in
 * the state directory ({@code images/<block>.img}, coalesced atomic writes) and applied again at start, so a board
 * that reboots while the server is unreachable comes back with the outputs it had, not zeros. A block or signal the
 * map marks {@code reset} starts from its default (zero) instead, under a version of the start time, so the server
 * adopts the defaults and only a write made after the start overrides them.
 */
final class KeptOutputs implements AutoCloseable {
    /** The directory under the device's state directory. */
    static final String DIR = "images";

    /** Where images go, or null when the device keeps no state (then only the reset rule applies). */
    private final Path dir;
    private final CoalescingWriter writer;

    KeptOutputs(Path stateDir) {
        this.dir = stateDir == null ? null : stateDir.resolve(DIR);
        this.writer = dir == null ? null : new CoalescingWriter(CoalescingWriter.DEFAULT_INTERVAL, dir.toString());
    }

    /** Gives a DOWN block its kept image (or its defaults, for reset outputs) before the device connects. */
    void restore(MemoryBlock block, long startMillis) {
        byte[] image = new byte[block.size()];
        long version = 0;
        Optional<VersionedImage> saved = read(block);
        if (saved.isPresent() && saved.get().image().length == block.size()) {
            image = saved.get().image();
            version = saved.get().version();
        } else if (saved.isPresent()) {
            Logger.info("{}: kept image of {} bytes does not fit the block's {} (new map): starting from defaults",
                    block, saved.get().image().length, block.size());
        }
        boolean reset = block.layout().reset();
        if (reset) {
            image = new byte[block.size()];
        }
        for (Signal s : block.layout().signals()) {
            if (s.reset()) {
                reset = true;
                java.util.Arrays.fill(image, s.addr(), s.end(), (byte) 0);
            }
        }
        if (reset) {
            // Newer than anything written before this start: the server adopts the defaults.
            version = Versions.next(version, startMillis);
        }
        if (version > 0) {
            block.apply(Snapshot.of(version, image));
            Logger.info("{}: starts from {} version {}", block, reset ? "defaults (reset) at" : "its kept image,",
                    version);
        }
    }

    /**
     * Saves what the block is about to apply, before it is applied: at once when the block's file was not written
     * within the last second, so a crash right after cannot bring an older image back; within a faster run of writes
     * (a flapping value) coalesced, written once the second has passed with the newest image.
     */
    void applying(MemoryBlock block, Snapshot next) {
        if (writer != null) {
            writer.writeThrough(file(block), () -> new VersionedImage(next.seq(), next.bytes()).encode());
        }
    }

    /** Saves the image a block starts with (a reset output's defaults and their version), soon. */
    void started(MemoryBlock block) {
        if (writer != null && block.snapshot().seq() > 0) {
            Snapshot s = block.snapshot();
            writer.offer(file(block), () -> new VersionedImage(s.seq(), s.bytes()).encode());
        }
    }

    private Path file(MemoryBlock block) {
        return dir.resolve(block.name() + ".img");
    }

    private Optional<VersionedImage> read(MemoryBlock block) {
        if (dir == null) {
            return Optional.empty();
        }
        try {
            return VersionedImage.read(file(block));
        } catch (IOException e) {
            Logger.warn("{}; the block starts from the server's image", e.getMessage());
            return Optional.empty();
        }
    }

    /** Stops without writing what is pending, as a crash would. */
    void abandon() {
        if (writer != null) {
            writer.abandon();
        }
    }

    /** Writes what is pending and stops. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
