package org.ioswitch.server.account;

import java.util.Locale;

/** What an account is for; written in {@code accounts.json} as {@code device}, {@code user} or {@code admin}. */
public enum AccountKind {
    /** An IO device: owns blocks, publishes its {@code exp}/{@code info}, receives its {@code imp}. */
    DEVICE,
    /** An operator: lists devices, subscribes, writes what its rules allow. */
    USER,
    /** An operator who also administers the network. */
    ADMIN;

    /** The name used in files and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind for a label read from a file or command line.
     *
     * @throws IllegalArgumentException naming the expected labels
     */
    public static AccountKind ofLabel(String label) {
        for (AccountKind k : values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("expected device, user or admin, got \"" + label + "\"");
    }
}
