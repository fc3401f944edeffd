package org.ioswitch.common.net;

import java.net.InetAddress;
import java.net.Socket;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps on what connections may hold on a listener, checked at accept before any TLS work: at most
 * {@link Limits#maxConnections()} connections in all (handshaking or live), and at most
 * {@link Limits#maxUnauthenticatedPerAddress()} from one address that have not authenticated yet, so one peer cannot
 * fill the server with slowloris connections and lock everyone else out. A connection over a cap is closed at once
 * (no TLS, no thread) and counted; the reason goes to the log. Past the caps, {@link #handshakes()} bounds the TLS
 * handshakes in progress ({@link Limits#maxHandshakes()}, {@link Limits#handshakeQueue()} more waiting). The home
 * server and the switchbox each keep one; {@link #refusedTotal()} and {@link #refusedPerAddress()} are for metrics.
 */
public final class ConnectionCaps {
    /**
     * The caps.
     *
     * @param maxConnections connections held at most, handshaking and live together
     * @param maxUnauthenticatedPerAddress connections from one address still in TLS, HELLO or AUTH
     * @param maxHandshakes TLS handshakes in progress at once; keep it above {@code maxUnauthenticatedPerAddress} so
     *                      one address cannot hold every slot
     * @param handshakeQueue connections that may wait for a handshake slot; beyond, they are closed at accept
     */
    public record Limits(int maxConnections, int maxUnauthenticatedPerAddress, int maxHandshakes,
                         int handshakeQueue) {
        /** Handshakes in progress at once by default: far more than CPU cores, far fewer than a fleet. */
        public static final int DEFAULT_MAX_HANDSHAKES = 128;
        /** Connections waiting for a handshake slot by default (about a second of handshakes on two cores). */
        public static final int DEFAULT_HANDSHAKE_QUEUE = 512;
        /** 1024 connections, 64 unauthenticated per address, 128 handshakes at once and 512 waiting. */
        public static final Limits DEFAULT = new Limits(1024, 64);

        /** These caps with the default handshake bound. */
        public Limits(int maxConnections, int maxUnauthenticatedPerAddress) {
            this(maxConnections, maxUnauthenticatedPerAddress, DEFAULT_MAX_HANDSHAKES, DEFAULT_HANDSHAKE_QUEUE);
        }

        /** Checks each field. */
        public Limits {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
            }
            if (maxUnauthenticatedPerAddress < 1) {
                throw new IllegalArgumentException("maxUnauthenticatedPerAddress must be >= 1, was "
                        + maxUnauthenticatedPerAddress);
            }
            if (maxHandshakes < 1) {
                throw new IllegalArgumentException("maxHandshakes must be >= 1, was " + maxHandshakes);
            }
            if (handshakeQueue < 0) {
                throw new IllegalArgumentException("handshakeQueue must be >= 0, was " + handshakeQueue);
            }
        }

        /** These limits with another handshake bound. */
        public Limits withHandshakes(int maxHandshakes, int handshakeQueue) {
            return new Limits(maxConnections, maxUnauthenticatedPerAddress, maxHandshakes, handshakeQueue);
        }
    }

    private final Limits limits;
    private final LongAdder refusedTotal = new LongAdder();
    private final LongAdder refusedPerAddress = new LongAdder();
    private final HandshakeGate handshakes;

    /** Caps with these limits. */
    public ConnectionCaps(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.handshakes = new HandshakeGate(limits.maxHandshakes(), limits.handshakeQueue());
    }

    /** The bound on TLS handshakes in progress: {@link HandshakeGate#admit()} at accept, after {@link #refusal}. */
    public HandshakeGate handshakes() {
        return handshakes;
    }

    /** The limits. */
    public Limits limits() {
        return limits;
    }

    /**
     * Whether a new connection from {@code address} may be served; null if so, else the reason (and it is counted).
     *
     * @param open connections held now, handshaking and live
     * @param unauthenticated the connections now in their handshake (any address); those from {@code address} count
     */
    public String refusal(InetAddress address, int open, Collection<? extends Socket> unauthenticated) {
        if (open >= limits.maxConnections()) {
            refusedTotal.increment();
            return "over the connection cap: " + open + " connections held, maxConnections " + limits.maxConnections();
        }
        int fromAddress = 0;
        for (Socket s : unauthenticated) {
            if (address.equals(s.getInetAddress())) {
                fromAddress++;
            }
        }
        if (fromAddress >= limits.maxUnauthenticatedPerAddress()) {
            refusedPerAddress.increment();
            return "over the per-address cap: " + fromAddress + " connections from " + address.getHostAddress()
                    + " not yet authenticated, maxUnauthenticatedPerAddress " + limits.maxUnauthenticatedPerAddress();
        }
        return null;
    }

    /** Connections refused because the total cap was reached. */
    public long refusedTotal() {
        return refusedTotal.sum();
    }

    /** Connections refused because their address held too many unauthenticated ones. */
    public long refusedPerAddress() {
        return refusedPerAddress.sum();
    }
}
