package org.ioswitch.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.testing.Await;
import org.junit.jupiter.api.Test;

/** The handshake bound's bookkeeping: slots, the queue in front of them, refusal, expiry and giving back. */
class HandshakeGateTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void admitsSlotsPlusQueueAndRefusesTheNext() throws Exception {
        HandshakeGate gate = new HandshakeGate(1, 1);
        HandshakeGate.Ticket first = gate.admit();
        HandshakeGate.Ticket second = gate.admit();
        assertNotNull(first);
        assertNotNull(second);
        assertNull(gate.admit());
        assertEquals(1, gate.refusedTotal());

        first.awaitTurn(WAIT);
        assertEquals(1, gate.inProgress());
        assertEquals(1, gate.waiting());
        CompletableFuture<Duration> turn = CompletableFuture.supplyAsync(() -> {
            try {
                return second.awaitTurn(WAIT);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        first.close();
        turn.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(1, gate.inProgress());
        second.close();
        second.close(); // idempotent: gives back once
        assertEquals(0, gate.inProgress());
        assertEquals(0, gate.waiting());
        assertNotNull(gate.admit(), "places given back are admitted again");
        assertEquals(1, gate.peakInProgress());
    }

    @Test
    void aTicketWithNoSlotWithinItsWaitExpiresAndGivesItsPlaceBack() throws Exception {
        HandshakeGate gate = new HandshakeGate(1, 1);
        HandshakeGate.Ticket holder = gate.admit();
        holder.awaitTurn(WAIT);
        HandshakeGate.Ticket late = gate.admit();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> late.awaitTurn(Duration.ofMillis(1)));
        assertEquals("no TLS handshake slot within 1 ms (1 handshakes in progress, 0 waiting)", e.getMessage());
        assertEquals(1, gate.expiredTotal());
        Await.until(WAIT, "the expired place given back", () -> gate.waiting() == 0);
        assertNotNull(gate.admit());
    }

    @Test
    void refusesNonsenseSizes() {
        assertThrows(IllegalArgumentException.class, () -> new HandshakeGate(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeGate(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionCaps.Limits(10, 5, 0, 1));
    }
}
