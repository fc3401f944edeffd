package org.ioswitch.server.pairing;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The state of the pairing window for {@code server pairing status}: whether it is open and until when, how and when it
 * was last closed (by an admin, by its time running out, or by abuse), and what the window's limits have used up.
 *
 * @param open true while pairing requests are accepted
 * @param openUntil until when, when open ({@link Instant#MAX} with auto-approve)
 * @param lastClosed when it was last closed since the server started; empty if it was not
 * @param closedBy who or what closed it: {@code admin pekka}, {@code time up}, {@code abuse: 30 pairing attempts,
 *        the last from 10.0.0.7}; empty if it was not closed since the server started
 * @param attempts pairing attempts (connections asking for the trust bundle or to be paired) in this window
 * @param maxAttempts attempts one opening allows before the window closes itself
 * @param pending devices waiting for approval
 * @param wrongCodes wrong codes typed per approval name in this window
 * @param maxWrongCodes wrong codes after which approving that name is refused until pairing is opened again
 */
public record PairingStatus(boolean open, Optional<Instant> openUntil, Optional<Instant> lastClosed,
                            Optional<String> closedBy, int attempts, int maxAttempts, int pending,
                            Map<String, Integer> wrongCodes, int maxWrongCodes) {
    /** Copies the map. */
    public PairingStatus {
        wrongCodes = Map.copyOf(wrongCodes);
    }
}
