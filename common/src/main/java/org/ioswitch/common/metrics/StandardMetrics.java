package org.ioswitch.common.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.ioswitch.common.auth.LoginCounts;
import org.ioswitch.common.net.ConnectionCaps;

/** Figures every ioswitch process exports the same way: logins, JVM heap, its own certificate's expiry. */
public final class StandardMetrics {
    private StandardMetrics() {
    }

    /**
     * {@code ioswitch_login_failures_total} by reason: {@code credential} (wrong password or unknown account) and
     * {@code throttled} (refused unchecked while locked); {@code ioswitch_login_delayed_total} for checks an account
     * delay slowed down.
     */
    public static void logins(MetricsText m, LoginCounts counts) {
        m.counter("ioswitch_login_failures_total", "Refused password logins, by reason")
                .sample(counts.failed(), "reason", "credential").sample(counts.throttled(), "reason", "throttled");
        m.counter("ioswitch_login_delayed_total", "Password checks delayed because their account was under attack")
                .sample(counts.delayed());
    }

    /** {@code ioswitch_connections_capped_total{cap}}: connections closed at accept by a {@link ConnectionCaps} cap. */
    public static void caps(MetricsText m, ConnectionCaps caps) {
        m.counter("ioswitch_connections_capped_total", "Connections closed at accept because a cap was reached "
                + "(limits.maxConnections: total, limits.maxUnauthenticatedPerAddress: per_address, "
                + "limits.maxHandshakes + limits.handshakeQueue: handshake_queue)")
                .sample(caps.refusedTotal(), "cap", "total")
                .sample(caps.refusedPerAddress(), "cap", "per_address")
                .sample(caps.handshakes().refusedTotal(), "cap", "handshake_queue");
        m.counter("ioswitch_handshake_wait_expired_total", "Connections closed without TLS because no handshake slot "
                + "came free within the handshake timeout").sample(caps.handshakes().expiredTotal());
        m.gauge("ioswitch_handshakes_in_progress", "TLS handshakes running now (at most limits.maxHandshakes)")
                .sample(caps.handshakes().inProgress());
        m.gauge("ioswitch_handshakes_waiting", "Connections waiting for a TLS handshake slot")
                .sample(caps.handshakes().waiting());
    }

    /** {@code ioswitch_jvm_heap_used_bytes}, {@code _committed_bytes} and {@code _max_bytes}. */
    public static void jvm(MetricsText m) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        m.gauge("ioswitch_jvm_heap_used_bytes", "JVM heap in use").sample(heap.getUsed());
        m.gauge("ioswitch_jvm_heap_committed_bytes", "JVM heap committed by the OS").sample(heap.getCommitted());
        m.gauge("ioswitch_jvm_heap_max_bytes", "Largest JVM heap allowed (-1: no limit)").sample(heap.getMax());
    }

    /**
     * {@code ioswitch_tls_certificate_expiry_seconds}: seconds until this process's own certificate expires
     * (negative once expired), and its {@code not after} as a timestamp, labelled with the subject.
     */
    public static void certificate(MetricsText m, List<X509Certificate> ownChain, Instant now) {
        if (ownChain.isEmpty()) {
            return;
        }
        X509Certificate leaf = ownChain.get(0);
        String subject = leaf.getSubjectX500Principal().getName();
        m.gauge("ioswitch_tls_certificate_expiry_seconds", "Seconds until this process's own TLS certificate expires")
                .sample(leaf.getNotAfter().toInstant().getEpochSecond() - now.getEpochSecond(), "subject", subject);
        m.gauge("ioswitch_tls_certificate_not_after_timestamp_seconds",
                "When this process's own TLS certificate expires, in Unix seconds")
                .sample(leaf.getNotAfter().toInstant().getEpochSecond(), "subject", subject);
    }
}
