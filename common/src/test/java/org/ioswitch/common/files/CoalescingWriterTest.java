package org.ioswitch.common.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Coalesced atomic state writes and the versioned image file format. */
class CoalescingWriterTest {
    @TempDir
    Path dir;

    @Test
    void aFlappingValueIsWrittenAtMostOncePerIntervalAndCloseWritesTheLast() throws Exception {
        Path file = dir.resolve("imp.img");
        AtomicInteger writes = new AtomicInteger();
        CoalescingWriter w = new CoalescingWriter(Duration.ofHours(1), "test");
        for (int i = 0; i < 1000; i++) {
            String v = "v" + i;
            w.offer(file, () -> {
                writes.incrementAndGet();
                return v.getBytes(StandardCharsets.UTF_8);
            });
        }
        w.close();
        // The first offer may be written at once (the file was never written), the rest wait for the hour or close.
        assertTrue(writes.get() <= 2, "1000 changes, " + writes.get() + " writes");
        assertEquals("v999", Files.readString(file));
    }

    @Test
    void anAbandonedWriterWritesNothingMoreAsACrashWould() throws Exception {
        Path file = dir.resolve("imp.img");
        CoalescingWriter w = new CoalescingWriter(Duration.ofHours(1), "test");
        w.writeThrough(file, () -> "first".getBytes(StandardCharsets.UTF_8)); // written now: never written before
        assertEquals("first", Files.readString(file));
        w.writeThrough(file, () -> "second".getBytes(StandardCharsets.UTF_8)); // within the hour: only pending
        w.abandon();
        w.close();
        assertEquals("first", Files.readString(file));
    }

    @Test
    void versionedImagesRoundTripAndDamagedFilesAreRefusedByName() throws Exception {
        Path file = dir.resolve("imp.img");
        assertTrue(VersionedImage.read(file).isEmpty(), "no file: nothing kept");
        VersionedImage image = new VersionedImage(0x0191_2345_6789_0001L, new byte[] {2, 0, 0, (byte) 0xB4, 0x41});
        Files.write(file, image.encode());
        VersionedImage back = VersionedImage.read(file).orElseThrow();
        assertEquals(image.version(), back.version());
        assertArrayEquals(image.image(), back.image());

        byte[] bytes = image.encode();
        bytes[bytes.length - 6] ^= 1;
        Files.write(file, bytes);
        IOException altered = assertThrows(IOException.class, () -> VersionedImage.read(file));
        assertTrue(altered.getMessage().startsWith(file + ": checksum mismatch"), altered.getMessage());

        Files.write(file, java.util.Arrays.copyOf(image.encode(), 20));
        IOException cut = assertThrows(IOException.class, () -> VersionedImage.read(file));
        assertTrue(cut.getMessage().contains(file.toString()), cut.getMessage());
        assertNotEquals(altered.getMessage(), cut.getMessage());
    }
}
