package org.ioswitch.server.pairing;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ioswitch.common.wire.CloseCode;

/**
 * Bounds what unknown peers can make the server do: pairing handshakes per window, pending devices in total and new
 * pending devices per address per period. Guarded by the owning {@link Pairing}'s lock.
 */
final class Admission {
    /** Addresses tracked at most, so a flood of addresses cannot grow memory. */
    private static final int MAX_ADDRESSES = 10_000;

    private final PairingOptions options;
    private final InstantSource clock;
    private int handshakes;
    private final Map<String, ArrayDeque<Instant>> newByAddress = new LinkedHashMap<>();

    Admission(PairingOptions options, InstantSource clock) {
        this.options = options;
        this.clock = clock;
    }

    void newWindow() {
        handshakes = 0;
    }

    /** Attempts counted in this window. */
    int handshakes() {
        return handshakes;
    }

    /** Counts one handshake; false once the window's budget is spent. */
    boolean handshake() {
        if (handshakes >= options.maxHandshakesPerWindow()) {
            return false;
        }
        handshakes++;
        return true;
    }

    /** Admits one new pending device from {@code address}, or says why not. */
    void admitNew(String address, int pendingNow) throws PairingException {
        if (pendingNow >= options.maxPending()) {
            throw new PairingException(CloseCode.LIMIT, "too many devices wait for approval (" + options.maxPending()
                    + "); retry after an admin approved or rejected some");
        }
        Instant now = clock.instant();
        Instant horizon = now.minus(options.addressWindow());
        for (Iterator<ArrayDeque<Instant>> it = newByAddress.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Instant> times = it.next();
            while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
                times.pollFirst();
            }
            if (times.isEmpty()) {
                it.remove();
            }
        }
        ArrayDeque<Instant> times = newByAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
        if (times.size() >= options.maxNewPerAddress()) {
            throw new PairingException(CloseCode.LIMIT, "too many new pairing requests from " + address + " ("
                    + options.maxNewPerAddress() + " per " + options.addressWindow().toSeconds() + " s); retry later");
        }
        if (newByAddress.size() > MAX_ADDRESSES) {
            Iterator<String> eldest = newByAddress.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        times.addLast(now);
    }
}
