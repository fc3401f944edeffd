package org.ioswitch.common.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.thread.Threads;
import org.tinylog.Logger;

/**
 * Warns about this side's own certificate (DESIGN §4: servers warn ahead of their own certificate's expiry): from
 * {@link #WARN_BEFORE} before it expires, at start, after each reload and again every {@link #REPEAT}; once it has
 * expired the warning says "expired on …". A server or switchbox starts one per listener context.
 */
public final class OwnCertificateExpiry implements AutoCloseable {
    /** How long before expiry the warnings start. */
    public static final Duration WARN_BEFORE = Duration.ofDays(30);
    /** How often the warning repeats while it applies. */
    public static final Duration REPEAT = Duration.ofDays(1);

    private final ScheduledExecutorService timer;

    private OwnCertificateExpiry(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Checks {@code context}'s own chain now, after each reload and every day; {@code who} names the process in the
     * warning ({@code server}, {@code switchbox}).
     */
    public static OwnCertificateExpiry watch(TlsContext context, InstantSource clock, String who) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(clock, "clock");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Threads.daemonFactory("ioswitch-certificate-expiry " + who));
        Runnable check = () -> warning(context.ownChain(), clock.instant(), who, keyOf(context.options()))
                .ifPresent(Logger::warn);
        timer.scheduleWithFixedDelay(check, 0, REPEAT.toMillis(), TimeUnit.MILLISECONDS);
        context.addReloadListener(() -> timer.execute(check));
        return new OwnCertificateExpiry(timer);
    }

    /**
     * The warning for {@code chain} at {@code now}, or empty when its leaf has more than {@link #WARN_BEFORE} left (or
     * there is no chain): {@code server certificate CN=hub,O=pekkahome (SHA-256 …) expires 2027-01-02 (12 days left):
     * renew it (tls.certificate)}.
     */
    public static Optional<String> warning(List<X509Certificate> chain, Instant now, String who, String configKey) {
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        X509Certificate leaf = chain.get(0);
        if (now.plus(WARN_BEFORE).isBefore(leaf.getNotAfter().toInstant())) {
            return Optional.empty();
        }
        return Optional.of(who + " certificate " + CertificateText.named(leaf) + " "
                + CertificateText.validity(leaf, now) + ": renew it (" + configKey + ")");
    }

    /** The setting that names the own certificate: {@code tls.keychain} or {@code tls.certificate}. */
    static String keyOf(TlsOptions options) {
        return options.keychain() != null ? "tls.keychain " + options.keychain().path()
                : "tls.certificate " + options.certificate();
    }

    /** Stops the daily check. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
