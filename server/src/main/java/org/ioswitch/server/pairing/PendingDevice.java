package org.ioswitch.server.pairing;

import java.time.Instant;
import java.util.Objects;

/**
 * A device that asked to be paired and waits for an admin. Only hashes of its secret are kept.
 *
 * @param network the network of its hello
 * @param requestedId the identity it asked for: {@code gina*.pekkahome} (assign a number) or {@code gina3.pekkahome}
 * @param boardType the board type it announced
 * @param address the peer address of its last attempt
 * @param firstSeen its first attempt
 * @param lastSeen its last attempt; the entry expires a TTL after this
 * @param attempts how many pairing attempts it made
 * @param code the pairing code of its last connection (six digits)
 * @param secretId SHA-256 of its secret (hex), to find it again; the secret is 256 random bits
 * @param secretHash the slow salted hash of its secret, which becomes the account's password hash on approval
 * @param wrongCodes kept for files written before wrong codes counted against the approval name (always 0 now)
 */
public record PendingDevice(String network, String requestedId, String boardType, String address, Instant firstSeen,
                            Instant lastSeen, int attempts, String code, String secretId, String secretHash,
                            int wrongCodes) {
    /** Checks the fields. */
    public PendingDevice {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(requestedId, "requestedId");
        Objects.requireNonNull(boardType, "boardType");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(secretHash, "secretHash");
    }

    /** The name part: {@code gina} for {@code gina*.pekkahome}, {@code gina3} for {@code gina3.pekkahome}. */
    public String name() {
        String n = requestedId.substring(0, requestedId.length() - network.length() - 1);
        return n.endsWith("*") ? n.substring(0, n.length() - 1) : n;
    }

    /** True when the device asked the server to assign its number. */
    public boolean wantsNumber() {
        return requestedId.endsWith("*." + network);
    }

    /** True if an admin's {@code name} means this device: {@code gina}, {@code gina*}, {@code gina*.pekkahome}. */
    public boolean answersTo(String name) {
        String requested = requestedId.substring(0, requestedId.length() - network.length() - 1);
        return name.equals(name()) || name.equals(requested) || name.equals(requestedId);
    }

    PendingDevice seenAgain(Instant now, String newAddress, String newCode, String newBoardType) {
        return new PendingDevice(network, requestedId, newBoardType, newAddress, firstSeen, now, attempts + 1, newCode,
                secretId, secretHash, wrongCodes);
    }
}
