package org.ioswitch.common.tunnel;

import static org.ioswitch.common.config.SettingChecks.positive;

import java.time.Duration;
import org.ioswitch.common.wire.WireLimits;

/**
 * Settings of one tunnel end.
 *
 * @param maxFrameSize largest tunnel frame payload this end accepts, {@value WireLimits#MIN_FRAME_SIZE}..
 *        {@value WireLimits#MAX_FRAME_SIZE}; a larger frame closes the tunnel with FRAME_TOO_LARGE
 * @param initialWindow bytes a peer may send on a new stream before it hears a STREAM_CREDIT
 * @param maxWindow largest receive window one stream grows to
 * @param memoryCap sum of all receive windows on this tunnel; windows grow only while it allows
 * @param maxStreams largest number of open streams; a STREAM_OPEN beyond it is refused with LIMIT
 * @param keepaliveInterval a PING is sent this often
 * @param keepaliveTimeout a tunnel that heard nothing for this long is closed with TIMEOUT
 */
public record TunnelOptions(int maxFrameSize, int initialWindow, int maxWindow, long memoryCap, int maxStreams,
        Duration keepaliveInterval, Duration keepaliveTimeout) {

    /** Default largest frame payload: 64 KiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024;
    /** Default initial stream window: 64 KiB. */
    public static final int DEFAULT_INITIAL_WINDOW = 64 * 1024;
    /** Default largest stream window: 4 MiB. */
    public static final int DEFAULT_MAX_WINDOW = 4 * 1024 * 1024;
    /** Default per-tunnel memory cap: 64 MiB. */
    public static final long DEFAULT_MEMORY_CAP = 64L * 1024 * 1024;
    /** Default largest number of streams on one tunnel. */
    public static final int DEFAULT_MAX_STREAMS = 1024;
    /** Default keepalive interval. */
    public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(5);
    /** Default silence after which a tunnel is dead: 15 s, so a hung peer is found within 15 s. */
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(15);
    /** The defaults. */
    public static final TunnelOptions DEFAULT = builder().build();

    /** Checks every field and names the one that is out of range. */
    public TunnelOptions {
        if (maxFrameSize < WireLimits.MIN_FRAME_SIZE || maxFrameSize > WireLimits.MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrameSize must be " + WireLimits.MIN_FRAME_SIZE + ".."
                    + WireLimits.MAX_FRAME_SIZE + ", was " + maxFrameSize);
        }
        if (initialWindow < 1024) {
            throw new IllegalArgumentException("initialWindow must be >= 1024, was " + initialWindow);
        }
        if (maxWindow < initialWindow) {
            throw new IllegalArgumentException("maxWindow must be >= initialWindow " + initialWindow + ", was "
                    + maxWindow);
        }
        if (memoryCap < initialWindow) {
            throw new IllegalArgumentException("memoryCap must be >= initialWindow " + initialWindow + ", was "
                    + memoryCap);
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be > 0, was " + maxStreams);
        }
        positive("keepaliveInterval", keepaliveInterval);
        positive("keepaliveTimeout", keepaliveTimeout);
        if (keepaliveTimeout.compareTo(keepaliveInterval) <= 0) {
            throw new IllegalArgumentException("keepaliveTimeout must be > keepaliveInterval " + keepaliveInterval
                    + ", was " + keepaliveTimeout);
        }
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().maxFrameSize(maxFrameSize).initialWindow(initialWindow).maxWindow(maxWindow)
                .memoryCap(memoryCap).maxStreams(maxStreams).keepaliveInterval(keepaliveInterval)
                .keepaliveTimeout(keepaliveTimeout);
    }

    /** Builds {@link TunnelOptions}; unset fields keep their defaults. */
    public static final class Builder {
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private int initialWindow = DEFAULT_INITIAL_WINDOW;
        private int maxWindow = DEFAULT_MAX_WINDOW;
        private long memoryCap = DEFAULT_MEMORY_CAP;
        private int maxStreams = DEFAULT_MAX_STREAMS;
        private Duration keepaliveInterval = DEFAULT_KEEPALIVE_INTERVAL;
        private Duration keepaliveTimeout = DEFAULT_KEEPALIVE_TIMEOUT;

        private Builder() {}

        /** Largest frame payload accepted. */
        public Builder maxFrameSize(int v) {
            maxFrameSize = v;
            return this;
        }

        /** Initial stream window. */
        public Builder initialWindow(int v) {
            initialWindow = v;
            return this;
        }

        /** Largest stream window. */
        public Builder maxWindow(int v) {
            maxWindow = v;
            return this;
        }

        /** Sum of windows on one tunnel. */
        public Builder memoryCap(long v) {
            memoryCap = v;
            return this;
        }

        /** Largest number of open streams. */
        public Builder maxStreams(int v) {
            maxStreams = v;
            return this;
        }

        /** PING interval. */
        public Builder keepaliveInterval(Duration v) {
            keepaliveInterval = v;
            return this;
        }

        /** Silence after which the tunnel is closed. */
        public Builder keepaliveTimeout(Duration v) {
            keepaliveTimeout = v;
            return this;
        }

        /** The settings; throws IllegalArgumentException naming a field out of range. */
        public TunnelOptions build() {
            return new TunnelOptions(maxFrameSize, initialWindow, maxWindow, memoryCap, maxStreams, keepaliveInterval,
                    keepaliveTimeout);
        }
    }
}
