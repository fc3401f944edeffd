package org.ioswitch.common.wire;

import java.util.Objects;

/**
 * The client authenticates.
 * <pre>
 *   header:  type=0x05 | flags=0 | length
 *   payload: identity str | kind u8 (1 PASSWORD, 2 DEVICE_SECRET, 3 CERTIFICATE)
 *            | credentialLength u16 | credential bytes | boardType str
 * </pre>
 * {@link #toString()} never shows the credential.
 *
 * @param identity {@code gina3.pekkahome}, {@code gina*.pekkahome} (assign a number) or a user name
 * @param kind what the credential is
 * @param credential password (UTF-8), device secret, or empty for CERTIFICATE; not copied
 * @param boardType the device's hardware/type name, empty for users
 */
public record Auth(String identity, CredentialKind kind, byte[] credential, String boardType) implements Frame {
    /** Checks the fields. */
    public Auth {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(boardType, "boardType");
        if (credential.length > WireLimits.U16_MAX) {
            throw new IllegalArgumentException("AUTH: credential length must be <= 65535, was " + credential.length);
        }
    }

    @Override
    public FrameType type() {
        return FrameType.AUTH;
    }

    @Override
    public String toString() {
        return "Auth[identity=" + identity + ", kind=" + kind + ", credential=(" + credential.length
                + " bytes), boardType=" + boardType + "]";
    }
}
