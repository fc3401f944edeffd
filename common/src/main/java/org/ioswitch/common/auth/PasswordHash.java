package org.ioswitch.common.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow password hashes: PBKDF2-HMAC-SHA256 from the JDK, stored as
 * {@code $pbkdf2-sha256$i=ITERATIONS$SALT$HASH} (Base64 without padding).
 *
 * <p>Why PBKDF2 and not Argon2id: it ships with every JDK (no BouncyCastle needed on the account path), its cost is a
 * single knob that behaves the same on a Pi and a VM, and it needs no per-login memory that several devices
 * reconnecting at once after a power cut would multiply. Online guessing is bounded by the home server's login
 * throttle; the hash only has to make a stolen {@code accounts.json} expensive, which
 * {@value #ITERATIONS} rounds of HMAC-SHA256 with a 16-byte random salt do. The iteration count is stored with each
 * hash, so it can be raised later without invalidating existing passwords.
 *
 * <p>One format serves the home server's accounts and device secrets and the switchbox's publisher accounts: a
 * device secret is just a long random password.
 */
public final class PasswordHash {
    /** Iterations for new hashes; at least OWASP's floor of 210,000. */
    public static final int ITERATIONS = 210_000;
    /** Hashes with fewer iterations are refused when read: a hand-edited weak hash must not slip in. */
    public static final int MIN_ITERATIONS = 210_000;
    private static final String PREFIX = "$pbkdf2-sha256$i=";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a new password with a fresh random salt. */
    public static PasswordHash create(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    /**
     * Parses a stored hash.
     *
     * @throws IllegalArgumentException saying which part is wrong (never echoing the hash)
     */
    public static PasswordHash parse(String encoded) {
        if (encoded == null || !encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("expected a hash starting with " + PREFIX);
        }
        String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected " + PREFIX + "ITERATIONS$SALT$HASH");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations: expected a number, got \"" + parts[0] + "\"");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iterations: expected >= " + MIN_ITERATIONS + ", got " + iterations);
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(parts[1]);
            hash = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("salt or hash is not valid Base64", e);
        }
        if (salt.length < SALT_BYTES || hash.length != HASH_BITS / 8) {
            throw new IllegalArgumentException("expected a salt of >= " + SALT_BYTES + " bytes and a hash of "
                    + HASH_BITS / 8 + " bytes, got " + salt.length + " and " + hash.length);
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** True if {@code password} is the one hashed; the comparison takes the same time wherever the bytes differ. */
    public boolean matches(char[] password) {
        byte[] candidate = derive(password, salt, iterations);
        return MessageDigest.isEqual(candidate, hash);
    }

    /** True if the UTF-8 {@code secret} (as sent in an AUTH frame) is the one hashed. */
    public boolean matches(byte[] secret) {
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(secret));
        char[] password = Arrays.copyOf(chars.array(), chars.limit());
        try {
            return matches(password);
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(chars.array(), '\0');
        }
    }

    /**
     * True if {@code hash} is there and the UTF-8 {@code secret} is its password (an empty secret never is). Without
     * a hash (no such account) the same key derivation runs against a throwaway hash, so "no such account" takes as
     * long as "wrong password" and a peer cannot tell them apart by time.
     */
    public static boolean verify(Optional<PasswordHash> hash, byte[] secret) {
        if (hash.isEmpty()) {
            Throwaway.HASH.matches(secret);
            return false;
        }
        return secret.length > 0 && hash.get().matches(secret);
    }

    /** Made on first use, not when the class loads: it costs a whole key derivation. */
    private static final class Throwaway {
        static final PasswordHash HASH = create("not-a-password".toCharArray());
    }

    /** The stored form. */
    public String encoded() {
        return PREFIX + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** The iteration count this hash was made with. */
    public int iterations() {
        return iterations;
    }

    @Override
    public String toString() {
        return "PasswordHash[pbkdf2-sha256, i=" + iterations + "]";
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
