package org.ioswitch.common.wire;

/**
 * Decoder limits. Every count and length read from the wire is checked against these before anything is
 * allocated. {@code maxFrameSize} is the largest frame payload (header excluded) this side accepts; the value
 * announced in HELLO / HELLO_ACK is what the peer may send.
 *
 * @param maxFrameSize largest payload length in bytes, {@value #MIN_FRAME_SIZE}..{@value #MAX_FRAME_SIZE}
 * @param maxNameLength largest UTF-8 byte length of a name (network, identity, device id, block name, code)
 * @param maxTextLength largest UTF-8 byte length of a free text (CLOSE and ACK text)
 * @param maxRanges largest number of ranges in one DATA frame
 * @param maxBlockSize largest memory block size in bytes; DATA ranges must end within it
 * @param maxBlocksPerDevice largest number of blocks one device may list
 * @param maxDevices largest number of devices in one DEVICE_LIST
 * @param maxCertificates largest number of certificates in a TRUST_BUNDLE
 * @param maxCredentialLength largest credential in an AUTH frame, bytes
 */
public record WireLimits(
        int maxFrameSize,
        int maxNameLength,
        int maxTextLength,
        int maxRanges,
        int maxBlockSize,
        int maxBlocksPerDevice,
        int maxDevices,
        int maxCertificates,
        int maxCredentialLength) {

    /** Smallest maximum frame size a peer may announce: 4 KiB. */
    public static final int MIN_FRAME_SIZE = 4 * 1024;
    /** Largest maximum frame size: 16 MiB. */
    public static final int MAX_FRAME_SIZE = 16 * 1024 * 1024;
    /** Default maximum frame size: 64 KiB. */
    public static final int DEFAULT_FRAME_SIZE = 64 * 1024;
    /** Largest length a u16-prefixed string or byte field can have on the wire. */
    public static final int U16_MAX = 0xFFFF;

    /** The defaults: 64 KiB frames, 64-byte names, 1 MiB blocks. */
    public static final WireLimits DEFAULT = builder().build();

    /** Checks every field and names the one that is out of range. */
    public WireLimits {
        check("maxFrameSize", maxFrameSize, MIN_FRAME_SIZE, MAX_FRAME_SIZE);
        check("maxNameLength", maxNameLength, 1, 1024);
        check("maxTextLength", maxTextLength, 16, U16_MAX);
        check("maxRanges", maxRanges, 1, U16_MAX);
        check("maxBlockSize", maxBlockSize, 24, 256 * 1024 * 1024);
        check("maxBlocksPerDevice", maxBlocksPerDevice, 1, U16_MAX);
        check("maxDevices", maxDevices, 1, U16_MAX);
        check("maxCertificates", maxCertificates, 1, 1024);
        check("maxCredentialLength", maxCredentialLength, 16, U16_MAX);
    }

    private static void check(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be " + min + ".." + max + ", was " + value);
        }
    }

    /** The same limits with another maximum frame size, e.g. the one negotiated in the hello. */
    public WireLimits withMaxFrameSize(int size) {
        return toBuilder().maxFrameSize(size).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder()
                .maxFrameSize(maxFrameSize)
                .maxNameLength(maxNameLength)
                .maxTextLength(maxTextLength)
                .maxRanges(maxRanges)
                .maxBlockSize(maxBlockSize)
                .maxBlocksPerDevice(maxBlocksPerDevice)
                .maxDevices(maxDevices)
                .maxCertificates(maxCertificates)
                .maxCredentialLength(maxCredentialLength);
    }

    /** Builds {@link WireLimits}; unset fields keep their defaults. */
    public static final class Builder {
        private int maxFrameSize = DEFAULT_FRAME_SIZE;
        private int maxNameLength = 64;
        private int maxTextLength = 1024;
        private int maxRanges = 1024;
        private int maxBlockSize = 1024 * 1024;
        private int maxBlocksPerDevice = 64;
        private int maxDevices = 4096;
        private int maxCertificates = 16;
        private int maxCredentialLength = 4096;

        private Builder() {}

        /** Largest payload length accepted. */
        public Builder maxFrameSize(int v) {
            maxFrameSize = v;
            return this;
        }

        /** Largest name, UTF-8 bytes. */
        public Builder maxNameLength(int v) {
            maxNameLength = v;
            return this;
        }

        /** Largest free text, UTF-8 bytes. */
        public Builder maxTextLength(int v) {
            maxTextLength = v;
            return this;
        }

        /** Largest range count in a DATA frame. */
        public Builder maxRanges(int v) {
            maxRanges = v;
            return this;
        }

        /** Largest block size. */
        public Builder maxBlockSize(int v) {
            maxBlockSize = v;
            return this;
        }

        /** Largest block count per device. */
        public Builder maxBlocksPerDevice(int v) {
            maxBlocksPerDevice = v;
            return this;
        }

        /** Largest device count in a DEVICE_LIST. */
        public Builder maxDevices(int v) {
            maxDevices = v;
            return this;
        }

        /** Largest certificate count in a TRUST_BUNDLE. */
        public Builder maxCertificates(int v) {
            maxCertificates = v;
            return this;
        }

        /** Largest AUTH credential length. */
        public Builder maxCredentialLength(int v) {
            maxCredentialLength = v;
            return this;
        }

        /** The limits; throws IllegalArgumentException naming a field out of range. */
        public WireLimits build() {
            return new WireLimits(maxFrameSize, maxNameLength, maxTextLength, maxRanges, maxBlockSize,
                    maxBlocksPerDevice, maxDevices, maxCertificates, maxCredentialLength);
        }
    }
}
