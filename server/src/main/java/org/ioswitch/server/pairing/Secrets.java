package org.ioswitch.server.pairing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.ioswitch.common.auth.PasswordHash;

/** The two hashes kept of a device secret: a fast one to find the device, a slow salted one to authenticate it. */
final class Secrets {
    private Secrets() {
    }

    /** SHA-256 as hex; safe to keep because a secret is 256 random bits, not something a person chose. */
    static String id(byte[] secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The password hash an approved device's account gets; the secret arrives as text (see PairingStep). */
    static String slowHash(byte[] secret) {
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(secret));
        char[] password = Arrays.copyOf(chars.array(), chars.limit());
        try {
            return PasswordHash.create(password).encoded();
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(chars.array(), '\0');
        }
    }
}
