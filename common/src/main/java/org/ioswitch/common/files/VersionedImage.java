package org.ioswitch.common.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A block image with its version, as kept in a state directory by the server (images written from above) and the
 * device (its last applied {@code imp}). One small binary file per block:
 * <pre>
 *   magic "IOSWIMG1" | version u64 | size u32 | bytes | crc32 u32 (of everything before it)
 * </pre>
 * A file that is cut short or altered is refused with its name and what is wrong, never half used.
 *
 * @param version the block version (docs/sessions.md, "State and authority")
 * @param image the bytes
 */
public record VersionedImage(long version, byte[] image) {
    private static final byte[] MAGIC = {'I', 'O', 'S', 'W', 'I', 'M', 'G', '1'};
    private static final int OVERHEAD = MAGIC.length + 8 + 4 + 4;

    /** Checks the fields. */
    public VersionedImage {
        Objects.requireNonNull(image, "image");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
    }

    /** The file's bytes. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(OVERHEAD + image.length);
        b.put(MAGIC).putLong(version).putInt(image.length).put(image);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Reads an image file; empty if there is none.
     *
     * @throws IOException naming the file when it cannot be read or is not a whole, intact image
     */
    public static Optional<VersionedImage> read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length < OVERHEAD || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + ": not a block image (expected magic IOSWIMG1 and at least " + OVERHEAD
                    + " bytes, got " + bytes.length + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(MAGIC.length);
        long version = b.getLong();
        int size = b.getInt();
        if (size < 0 || size != bytes.length - OVERHEAD) {
            throw new IOException(file + ": image size " + size + " does not match the file's " + bytes.length
                    + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        b.position(bytes.length - 4);
        if (b.getInt() != (int) crc.getValue()) {
            throw new IOException(file + ": checksum mismatch (the file was altered or cut short)");
        }
        if (version < 0) {
            throw new IOException(file + ": negative version " + version);
        }
        return Optional.of(new VersionedImage(version, Arrays.copyOfRange(bytes, MAGIC.length + 12,
                MAGIC.length + 12 + size)));
    }
}
