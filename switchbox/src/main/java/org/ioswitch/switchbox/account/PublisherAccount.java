package org.ioswitch.switchbox.account;

import java.util.List;
import java.util.Objects;
import org.ioswitch.common.auth.PasswordHash;

/**
 * One publisher account: a home server that may publish {@code networks}. It authenticates with a password
 * (PBKDF2 hash stored) or with a client certificate from the cloud organization whose name field is
 * {@code certificateName}; at least one of them.
 *
 * @param name the account name, sent in AUTH
 * @param passwordHash the password's salted hash, or null
 * @param certificateName the authenticated name a verified client certificate must carry, or null
 * @param networks the networks this account may publish
 */
public record PublisherAccount(String name, PasswordHash passwordHash, String certificateName, List<String> networks) {
    /** Checks and copies the fields. */
    public PublisherAccount {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (passwordHash == null && certificateName == null) {
            throw new IllegalArgumentException("account " + name + ": needs passwordHash or certificateName");
        }
        networks = List.copyOf(networks);
        if (networks.isEmpty()) {
            throw new IllegalArgumentException("account " + name + ": networks must not be empty");
        }
        for (String n : networks) {
            if (n.isBlank() || n.contains(",")) {
                throw new IllegalArgumentException("account " + name + ": bad network name \"" + n + "\"");
            }
        }
    }

    /** True when this account may publish {@code network}. */
    public boolean mayPublish(String network) {
        return networks.contains(network);
    }

    @Override
    public String toString() {
        return "Account[" + name + ", networks=" + networks + (passwordHash != null ? ", password" : "")
                + (certificateName != null ? ", certificate " + certificateName : "") + "]";
    }
}
