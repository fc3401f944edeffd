package org.ioswitch.server.pairing;

import java.time.Instant;
import java.util.Objects;

/**
 * A paired device: the name it was given and the hash that finds it again, so the same secret always gets the same
 * number back (its account in {@code accounts.json} holds the slow hash that authenticates it).
 *
 * @param network its network
 * @param name its account name, e.g. {@code gina7}
 * @param secretId SHA-256 of its secret (hex)
 * @param boardType the board type it announced when it paired
 * @param approvedAt when it was approved
 * @param approvedBy who approved it (OS user of the admin channel, or {@code auto-approve})
 */
public record KnownDevice(String network, String name, String secretId, String boardType, Instant approvedAt,
                          String approvedBy) {
    /** Checks the fields. */
    public KnownDevice {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(boardType, "boardType");
        Objects.requireNonNull(approvedAt, "approvedAt");
        Objects.requireNonNull(approvedBy, "approvedBy");
    }

    /** {@code gina7.pekkahome}. */
    public String id() {
        return name + "." + network;
    }
}
