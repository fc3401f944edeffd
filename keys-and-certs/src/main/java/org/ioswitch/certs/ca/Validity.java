package org.ioswitch.certs.ca;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** The validity window of a certificate. */
public record Validity(Instant notBefore, Instant notAfter) {

    /** Back-dating absorbs small clock differences between the signer and its peers. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    public Validity {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore, was " + notBefore + " .. " + notAfter);
        }
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Valid from five minutes ago for the given number of days. */
    public static Validity days(long days) {
        if (days <= 0) {
            throw new IllegalArgumentException("days must be > 0, was " + days);
        }
        Instant now = Instant.now();
        return new Validity(now.minus(BACKDATE), now.plus(Duration.ofDays(days)));
    }

    /** An explicit window, e.g. one wholly in the past to make an expired certificate. */
    public static Validity between(Instant notBefore, Instant notAfter) {
        return new Validity(notBefore, notAfter);
    }
}
