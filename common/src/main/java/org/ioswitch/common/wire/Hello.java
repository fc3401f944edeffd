package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * The first thing a client sends. It is preceded by the preamble, so a switchbox can route on {@code network}
 * before anything else (flags travel in the header flags byte):
 * <pre>
 *   preamble: 'I' 'O' 'S' 'W' | version u16
 *   header:   type=0x01 | flags u8 (NEED_TRUST_BUNDLE=0x01, RELAY_CLEAR=0x02) | length u32
 *   payload:  role u8 (1 DEVICE, 2 OPERATOR, 3 SERVICE) | maxFrameSize u32 | network str
 * </pre>
 * Write and read it with {@link FrameWriter#writeHello} and {@link FrameReader#readHello}.
 *
 * @param version protocol version, u16
 * @param role what kind of peer this is
 * @param network the IO network wanted, e.g. {@code pekkahome}
 * @param flags {@link #NEED_TRUST_BUNDLE}, {@link #RELAY_CLEAR}
 * @param maxFrameSize largest payload this client accepts
 */
public record Hello(int version, Role role, String network, int flags, int maxFrameSize) implements Frame {
    /** The protocol version this code speaks. */
    public static final int VERSION = 1;
    /** The preamble's magic bytes, ASCII "IOSW". */
    static final byte[] MAGIC = {'I', 'O', 'S', 'W'};
    /** The client has no trusted root yet and will ask for the trust bundle (pairing). */
    public static final int NEED_TRUST_BUNDLE = 0x01;
    /** Through a switchbox: relay in the clear inside the tunnel instead of end-to-end TLS. */
    public static final int RELAY_CLEAR = 0x02;

    /** Checks the fields. */
    public Hello {
        Checks.checkU16(FrameType.HELLO, "version", version);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(network, "network");
        Checks.checkFlags(FrameType.HELLO, flags, NEED_TRUST_BUNDLE | RELAY_CLEAR);
        Checks.checkNonNegative(FrameType.HELLO, "maxFrameSize", maxFrameSize);
    }

    @Override
    public FrameType type() {
        return FrameType.HELLO;
    }
}
