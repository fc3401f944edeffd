package org.ioswitch.common.wire;

import java.util.List;

/**
 * The organization's root certificates, DER encoded.
 * <pre>
 *   header:  type=0x04 | flags=0 | length
 *   payload: count u16 | count x ( derLength u16 | der bytes )
 * </pre>
 *
 * @param derCertificates the certificates, each non-empty; the byte arrays are not copied
 */
public record TrustBundle(List<byte[]> derCertificates) implements Frame {
    /** Copies the list and checks each certificate is non-empty. */
    public TrustBundle {
        derCertificates = List.copyOf(derCertificates);
        for (byte[] der : derCertificates) {
            if (der.length == 0 || der.length > WireLimits.U16_MAX) {
                throw new IllegalArgumentException("TRUST_BUNDLE: certificate length must be 1..65535, was " + der.length);
            }
        }
    }

    @Override
    public FrameType type() {
        return FrameType.TRUST_BUNDLE;
    }

    @Override
    public String toString() {
        return "TrustBundle[" + derCertificates.size() + " certificates]";
    }
}
