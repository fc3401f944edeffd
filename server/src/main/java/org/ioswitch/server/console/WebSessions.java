package org.ioswitch.server.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's login sessions, in memory only (a server restart logs everyone out). A session is found by the
 * random token of its cookie and ends after {@code idleTimeout} unused or {@code lifetime} after the login, whichever
 * comes first. Each has its own CSRF token, which every state-changing request must echo in {@code X-CSRF-Token}.
 */
final class WebSessions {
    /** Cookie name: {@code __Host-} makes browsers insist on Secure, Path=/ and no Domain. */
    static final String COOKIE = "__Host-ioswitch";
    /** At most this many sessions; a new login beyond it ends the one least recently used. */
    static final int MAX_SESSIONS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One login.
     *
     * @param network the account's network
     * @param user the account's name
     * @param csrf the token state changes must carry
     * @param created when the login happened
     */
    record WebSession(String token, String network, String user, String csrf, Instant created) {
        /** True if {@code presented} is this session's CSRF token (compared in constant time). */
        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Duration idle;
    private final Duration lifetime;
    private final InstantSource clock;
    private final Map<String, WebSession> sessions = new ConcurrentHashMap<>();
    /** When each session was last used; the token's entry is removed with the session. */
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();

    WebSessions(Duration idle, Duration lifetime, InstantSource clock) {
        this.idle = idle;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Starts a session for an authenticated account. */
    synchronized WebSession login(String network, String user) {
        while (sessions.size() >= MAX_SESSIONS) {
            WebSession eldest = sessions.values().stream().min(Comparator.comparing(
                    (WebSession w) -> lastUsed.getOrDefault(w.token(), w.created()))).orElseThrow();
            end(eldest.token());
        }
        WebSession s = new WebSession(token(), network, user, token(), clock.instant());
        sessions.put(s.token(), s);
        lastUsed.put(s.token(), s.created());
        return s;
    }

    /** The live session of {@code token}, touched now; an expired one is ended and not returned. */
    Optional<WebSession> find(String token) {
        WebSession s = sessions.get(token);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant used = lastUsed.getOrDefault(token, s.created());
        if (!now.isBefore(used.plus(idle)) || !now.isBefore(s.created().plus(lifetime))) {
            end(token);
            return Optional.empty();
        }
        lastUsed.put(token, now);
        return Optional.of(s);
    }

    /** True while the session exists and has not expired; does not count as use (a live stream asks this). */
    boolean alive(WebSession s) {
        Instant now = clock.instant();
        Instant used = lastUsed.get(s.token());
        return used != null && now.isBefore(used.plus(idle)) && now.isBefore(s.created().plus(lifetime));
    }

    /** Ends a session (logout); unknown tokens are ignored. */
    synchronized void end(String token) {
        sessions.remove(token);
        lastUsed.remove(token);
    }

    /** Ends every session of an account (removed). */
    void endAll(String network, String user) {
        endAllBut(network, user, null);
    }

    /** Ends every session of an account but {@code keepToken}'s (its password changed by that session). */
    synchronized void endAllBut(String network, String user, String keepToken) {
        sessions.values().removeIf(s -> {
            boolean match = s.network().equals(network) && s.user().equals(user) && !s.token().equals(keepToken);
            if (match) {
                lastUsed.remove(s.token());
            }
            return match;
        });
    }

    /** Number of live sessions, for metrics. */
    int count() {
        return sessions.size();
    }

    Duration idle() {
        return idle;
    }

    /** 256 random bits, URL-safe. */
    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
