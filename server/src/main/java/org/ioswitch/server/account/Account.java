package org.ioswitch.server.account;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.ioswitch.common.auth.PasswordHash;

/**
 * One account of one network: a device or an operator. The password (or device secret) is kept only as a hash.
 *
 * @param network the IO network, e.g. {@code pekkahome}
 * @param name the account name: a device's name within the network ({@code gina3}) or a user name
 * @param kind device, user or admin
 * @param password the salted hash of its password or device secret
 * @param rules which blocks it may read and write
 */
public record Account(String network, String name, AccountKind kind, PasswordHash password, BlockRules rules) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]{0,63}");

    /** Checks each field and names the one that is wrong. */
    public Account {
        checkName("network", network);
        checkName("name", name);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(rules, "rules");
    }

    /** A new account with a freshly hashed password and its kind's default rules. */
    public static Account create(String network, String name, AccountKind kind, char[] password) {
        return new Account(network, name, kind, PasswordHash.create(checkPassword(password)),
                BlockRules.defaultsFor(kind));
    }

    /**
     * A new account that logs in only with a verified client certificate (x509, PVA/FairCom style): its password hash
     * is of a random secret that is thrown away at once, so no password ever matches.
     */
    public static Account certificateOnly(String network, String name, AccountKind kind) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        char[] unknowable = Base64.getEncoder().encodeToString(secret).toCharArray();
        return new Account(network, name, kind, PasswordHash.create(unknowable), BlockRules.defaultsFor(kind));
    }

    /** The same account with other rules. */
    public Account withRules(BlockRules newRules) {
        return new Account(network, name, kind, password, newRules);
    }

    /** The same account with a new password, freshly salted and hashed. */
    public Account withPassword(char[] newPassword) {
        return new Account(network, name, kind, PasswordHash.create(checkPassword(newPassword)), rules);
    }

    /** {@code name.network}, how logs and errors name the account. */
    public String qualifiedName() {
        return name + "." + network;
    }

    /**
     * Checks a network or account name: 1 to 64 letters, digits, {@code _} or {@code -}, starting with a letter or
     * digit.
     *
     * @throws IllegalArgumentException naming the field and the value
     */
    public static String checkName(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": expected 1-64 letters, digits, _ or - (starting with a "
                    + "letter or digit), got " + (value == null ? "nothing" : "\"" + value + "\""));
        }
        return value;
    }

    private static char[] checkPassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        return password;
    }
}
