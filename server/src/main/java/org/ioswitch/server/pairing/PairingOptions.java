package org.ioswitch.server.pairing;

import static org.ioswitch.common.config.SettingChecks.positive;

import java.time.Duration;

/**
 * How pairing behaves on a server.
 *
 * @param autoApprove approve every pairing request at once and keep pairing open (demos and tests only; logs a WARN)
 * @param pendingTtl a pending device not seen for this long is forgotten
 * @param maxPending pending devices kept at most; more are refused until some expire or are decided
 * @param maxNewPerAddress new pending devices one peer address may create per {@code addressWindow}
 * @param addressWindow the period {@code maxNewPerAddress} counts over
 * @param maxHandshakesPerWindow pairing handshakes (trust requests and pending logins) one opening of the window
 *        allows; then the window closes, because a man in the middle could otherwise retry until the codes match
 * @param maxWrongCodes wrong codes typed for one pending device before it is dropped
 */
public record PairingOptions(boolean autoApprove, Duration pendingTtl, int maxPending, int maxNewPerAddress,
                             Duration addressWindow, int maxHandshakesPerWindow, int maxWrongCodes) {
    /** Default pending TTL: one hour. */
    public static final Duration DEFAULT_PENDING_TTL = Duration.ofHours(1);
    /** Default cap of pending devices. */
    public static final int DEFAULT_MAX_PENDING = 100;
    /** Default new pending devices per address per minute. */
    public static final int DEFAULT_MAX_NEW_PER_ADDRESS = 10;
    /** Default pairing handshakes per window. */
    public static final int DEFAULT_MAX_HANDSHAKES = 30;
    /** Default wrong codes per pending device. */
    public static final int DEFAULT_MAX_WRONG_CODES = 3;

    /** Checks each field and names the one that is wrong. */
    public PairingOptions {
        positive("pendingTtl", pendingTtl);
        positive("addressWindow", addressWindow);
        atLeastOne("maxPending", maxPending);
        atLeastOne("maxNewPerAddress", maxNewPerAddress);
        atLeastOne("maxHandshakesPerWindow", maxHandshakesPerWindow);
        atLeastOne("maxWrongCodes", maxWrongCodes);
    }

    /** The defaults: closed unless opened, no auto-approve, 1 h TTL, 100 pending, 10 per address per minute. */
    public static PairingOptions defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder for the same options with changes. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.autoApprove = autoApprove;
        b.pendingTtl = pendingTtl;
        b.maxPending = maxPending;
        b.maxNewPerAddress = maxNewPerAddress;
        b.addressWindow = addressWindow;
        b.maxHandshakesPerWindow = maxHandshakesPerWindow;
        b.maxWrongCodes = maxWrongCodes;
        return b;
    }

    private static void atLeastOne(String field, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(field + " must be >= 1, was " + n);
        }
    }

    /** Builds {@link PairingOptions}. */
    public static final class Builder {
        private boolean autoApprove;
        private Duration pendingTtl = DEFAULT_PENDING_TTL;
        private int maxPending = DEFAULT_MAX_PENDING;
        private int maxNewPerAddress = DEFAULT_MAX_NEW_PER_ADDRESS;
        private Duration addressWindow = Duration.ofMinutes(1);
        private int maxHandshakesPerWindow = DEFAULT_MAX_HANDSHAKES;
        private int maxWrongCodes = DEFAULT_MAX_WRONG_CODES;

        private Builder() {
        }

        /** Approves every request at once (demos, tests). */
        public Builder autoApprove(boolean on) {
            this.autoApprove = on;
            return this;
        }

        /** Sets how long an unseen pending device is kept. */
        public Builder pendingTtl(Duration d) {
            this.pendingTtl = d;
            return this;
        }

        /** Sets the cap of pending devices. */
        public Builder maxPending(int n) {
            this.maxPending = n;
            return this;
        }

        /** Sets how many new pending devices one address may create per address window. */
        public Builder maxNewPerAddress(int n) {
            this.maxNewPerAddress = n;
            return this;
        }

        /** Sets the period of the per-address limit. */
        public Builder addressWindow(Duration d) {
            this.addressWindow = d;
            return this;
        }

        /** Sets the pairing handshakes one window allows. */
        public Builder maxHandshakesPerWindow(int n) {
            this.maxHandshakesPerWindow = n;
            return this;
        }

        /** Sets the wrong codes one pending device survives. */
        public Builder maxWrongCodes(int n) {
            this.maxWrongCodes = n;
            return this;
        }

        /** Builds the options. */
        public PairingOptions build() {
            return new PairingOptions(autoApprove, pendingTtl, maxPending, maxNewPerAddress, addressWindow,
                    maxHandshakesPerWindow, maxWrongCodes);
        }
    }
}
