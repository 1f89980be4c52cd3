package example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import dev.weft.test.InMemorySessionStore;
import dev.weft.test.StoredSessions;
import dev.weft.test.TestClock;
import dev.weft.test.WeftExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cart on the extension's defaults: the agent installed, an in-memory store and a clock that
 * moves only when the test moves it.
 */
@ExtendWith(WeftExtension.class)
@SuppressWarnings("try") // a scope binds its session to the thread: the cart uses it, the body need not
class CartTest extends CartExamples {

    @Test
    void anIdleCartExpiresWithItsSession(Sessions sessions, TestClock clock, StoredSessions stored) {
        try (SessionScope scope = sessions.open(null)) {
            cart.add("apple");
        }
        SessionKey key = stored.keys().get(0);
        clock.advance(sessions.ttl().minusMillis(1));
        try (SessionScope scope = sessions.open(key)) {
            assertEquals(List.of("apple"), cart.items(), "a read extends the session");
        }
        clock.advance(sessions.ttl().minusMillis(1));
        assertEquals(1, stored.count());
        clock.advance(Duration.ofMillis(1));
        assertEquals(0, stored.count());
        try (SessionScope scope = sessions.open(key)) {
            assertEquals(List.of(), cart.items(), "the key of an expired session starts an empty cart");
        }
    }

    @Test
    void signingOutEndsTheOldKey(Sessions sessions, StoredSessions stored, InMemorySessionStore store) {
        try (SessionScope scope = sessions.open(null)) {
            cart.add("apple");
        }
        SessionKey key = stored.keys().get(0);
        try (SessionScope scope = sessions.open(key)) {
            dev.weft.session.Session.current().purge();
        }
        assertEquals(0, stored.count());
        assertTrue(store.isEnded(key.id()), "writes with the old key are refused for the tombstone grace");
    }
}
