package org.ioswitch.common.link;

import java.time.Duration;
import java.util.Objects;
import org.ioswitch.common.wire.WireLimits;

/**
 * Settings of one link: keepalive interval, how long a silent peer is tolerated, the credit window for block data
 * and the wire limits.
 *
 * @param keepalive     how often to ping a peer when nothing else is sent (default 5 s)
 * @param deadPeer      a peer silent this long is dropped (default 15 s: a hung peer is found within 15 s)
 * @param creditWindow  bytes of DATA payload the peer may have in flight towards us (default 1 MiB, 16 frames of 64 KiB); bounds the
 *                      memory a slow reader can make a writer hold
 * @param limits        frame and name limits
 */
public record LinkOptions(Duration keepalive, Duration deadPeer, int creditWindow, WireLimits limits) {
    /** Default keepalive: 5 s, so that three pings fit into the dead-peer time. */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(5);
    /** Default dead-peer time: 15 s (was 25 s, and a hung switchbox went unnoticed for up to 45 s). */
    public static final Duration DEFAULT_DEAD_PEER = Duration.ofSeconds(15);
    public static final int DEFAULT_CREDIT_WINDOW = 1024 * 1024;

    public LinkOptions {
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(deadPeer, "deadPeer");
        Objects.requireNonNull(limits, "limits");
        if (keepalive.isZero() || keepalive.isNegative()) {
            throw new IllegalArgumentException("keepalive must be > 0, was " + keepalive);
        }
        if (deadPeer.compareTo(keepalive) <= 0) {
            throw new IllegalArgumentException("deadPeer must be > keepalive (" + keepalive + "), was " + deadPeer);
        }
        if (creditWindow < limits.maxFrameSize()) {
            throw new IllegalArgumentException("creditWindow must be >= maxFrameSize " + limits.maxFrameSize()
                    + ", was " + creditWindow);
        }
    }

    /** The defaults: 5 s keepalive, 15 s dead peer, 1 MiB window, default wire limits. */
    public static LinkOptions defaults() {
        return new LinkOptions(DEFAULT_KEEPALIVE, DEFAULT_DEAD_PEER, DEFAULT_CREDIT_WINDOW, WireLimits.DEFAULT);
    }

    /**
     * How long the peer may be silent before the link is <em>suspect</em> (its values shown stale): one and a half
     * keepalives, since a live peer pings at least every keepalive; never later than the dead-peer time.
     */
    public Duration suspectAfter() {
        Duration d = keepalive.plus(keepalive.dividedBy(2));
        return d.compareTo(deadPeer) < 0 ? d : deadPeer;
    }

    /** The same options with another keepalive and dead-peer time. */
    public LinkOptions withKeepalive(Duration keepalive, Duration deadPeer) {
        return new LinkOptions(keepalive, deadPeer, creditWindow, limits);
    }
}
