package org.ioswitch.common.auth;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link LoginThrottle} did since start, for a metrics endpoint to read: password logins that failed, that were
 * refused unchecked because their pair or address was locked ({@code throttled}), and that were checked only after
 * an account delay ({@code delayed}). Counts only grow.
 */
public final class LoginCounts {
    final LongAdder failed = new LongAdder();
    final LongAdder throttled = new LongAdder();
    final LongAdder delayed = new LongAdder();

    LoginCounts() {
    }

    /** Password logins that failed (wrong password or unknown account). */
    public long failed() {
        return failed.sum();
    }

    /** Logins refused without a check because their (account, address) or address was locked. */
    public long throttled() {
        return throttled.sum();
    }

    /** Password checks that waited because their account was under attack. */
    public long delayed() {
        return delayed.sum();
    }
}
