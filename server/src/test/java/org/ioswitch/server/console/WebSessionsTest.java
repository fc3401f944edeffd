package org.ioswitch.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.ioswitch.server.console.WebSessions.WebSession;
import org.ioswitch.common.testing.MovableClock;
import org.junit.jupiter.api.Test;

class WebSessionsTest {
    final MovableClock clock = new MovableClock();
    final WebSessions sessions = new WebSessions(Duration.ofMinutes(5), Duration.ofHours(1), clock);

    @Test
    void tokensAreRandomAndTheCsrfTokenIsNotTheCookie() {
        WebSession a = sessions.login("home", "alice");
        WebSession b = sessions.login("home", "alice");
        assertNotEquals(a.token(), b.token());
        assertNotEquals(a.token(), a.csrf());
        assertEquals(43, a.token().length(), "256 bits, base64url");
        assertTrue(a.csrfMatches(a.csrf()));
        assertFalse(a.csrfMatches(b.csrf()));
        assertFalse(a.csrfMatches(null));
    }

    @Test
    void theLeastRecentlyUsedSessionMakesRoomBeyondTheCap() {
        WebSession first = sessions.login("home", "u0");
        WebSession second = sessions.login("home", "u1");
        for (int i = 2; i < WebSessions.MAX_SESSIONS; i++) {
            clock.advance(Duration.ofMillis(1));
            sessions.login("home", "u" + i);
        }
        clock.advance(Duration.ofMillis(1));
        assertTrue(sessions.find(first.token()).isPresent(), "used now, so no longer the eldest");
        sessions.login("home", "one-too-many");
        assertEquals(WebSessions.MAX_SESSIONS, sessions.count());
        assertTrue(sessions.find(first.token()).isPresent());
        assertTrue(sessions.find(second.token()).isEmpty(), "the least recently used went");
    }
}
