package org.ioswitch.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void rightPasswordMatchesAndWrongOneDoesNot() {
        PasswordHash h = PasswordHash.create("correct horse".toCharArray());
        assertTrue(h.matches("correct horse".toCharArray()));
        assertTrue(h.matches("correct horse".getBytes(StandardCharsets.UTF_8)));
        assertFalse(h.matches("correct horsE".toCharArray()));
        assertFalse(h.matches(new byte[0]));
    }

    @Test
    void verifyAcceptsOnlyTheRightSecretOfAnExistingHash() {
        PasswordHash h = PasswordHash.create("s3cret".toCharArray());
        byte[] right = "s3cret".getBytes(StandardCharsets.UTF_8);
        assertTrue(PasswordHash.verify(java.util.Optional.of(h), right));
        assertFalse(PasswordHash.verify(java.util.Optional.of(h), "wrong".getBytes(StandardCharsets.UTF_8)));
        assertFalse(PasswordHash.verify(java.util.Optional.of(h), new byte[0]), "an empty secret never matches");
        assertFalse(PasswordHash.verify(java.util.Optional.empty(), right), "no hash (no account): refused");
    }

    @Test
    void storedFormRoundTripsAndIsSaltedAndSlow() {
        PasswordHash a = PasswordHash.create("pw".toCharArray());
        PasswordHash b = PasswordHash.create("pw".toCharArray());
        assertNotEquals(a.encoded(), b.encoded(), "two hashes of one password must differ by salt");
        assertTrue(a.encoded().startsWith("$pbkdf2-sha256$i=210000$"), a.encoded());
        PasswordHash back = PasswordHash.parse(a.encoded());
        assertEquals(a.encoded(), back.encoded());
        assertTrue(back.matches("pw".toCharArray()));
        assertFalse(a.toString().contains(a.encoded().substring(25)), "toString must not show the hash");
    }

    @Test
    void weakOrBrokenStoredHashIsRefusedWithReason() {
        String good = PasswordHash.create("pw".toCharArray()).encoded();
        String weak = good.replace("i=210000", "i=1000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(weak));
        assertTrue(e.getMessage().contains("iterations: expected >= 210000, got 1000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("plaintext"));
        assertTrue(e.getMessage().contains("$pbkdf2-sha256$i="), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("$pbkdf2-sha256$i=210000$!!$??"));
        assertTrue(e.getMessage().contains("Base64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("$pbkdf2-sha256$i=210000$AAAA"));
        assertTrue(e.getMessage().contains("ITERATIONS$SALT$HASH"), e.getMessage());
    }
}
