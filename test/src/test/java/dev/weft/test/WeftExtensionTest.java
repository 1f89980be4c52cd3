package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.session.Session;
import dev.weft.session.SessionScope;
import dev.weft.session.SessionStatus;
import dev.weft.session.Sessions;
import dev.weft.store.ReservedKeys;
import dev.weft.store.SessionKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a test under the extension gets, seen from inside such tests. */
@ExtendWith(WeftExtension.class)
@SuppressWarnings("try") // a scope binds its session to the thread: Session.current() uses it, the body need not
class WeftExtensionTest {

    @RepeatedTest(3)
    void eachTestStartsWithEmptyStorageOfItsOwn(Sessions sessions, StoredSessions stored, InMemorySessionStore store) {
        assertEquals(0, stored.count());
        assertEquals(0, store.storedEntries());
        try (SessionScope scope = sessions.open(null)) {
            Session.current().insert("n", 1);
        }
        assertEquals(1, stored.count());
    }

    @Test
    void theParametersAreOneTestsSessionsStoreAndClock(Sessions sessions, InMemorySessionStore store, TestClock clock,
            StoredSessions stored) {
        try (SessionScope scope = sessions.open(null)) {
            Session.current().insert("theme", "dark");
        }
        SessionKey key = stored.keys().get(0);
        assertEquals(Map.of("theme", "\"dark\""), stored.state(key).orElseThrow());
        assertEquals(stored.storedState(key), store.state(key.id()), "the store the sessions wrote to");
        assertEquals(clock.instant().plus(sessions.ttl()), store.expiresAt(key.id()).orElseThrow(),
                "the store decides by the test's clock");
        clock.advance(sessions.ttl());
        assertEquals(0, stored.count());
    }

    @Test
    void sessionsCreationTimeIsTheTestsClock(Sessions sessions, TestClock clock, StoredSessions stored) {
        clock.advance(Duration.ofDays(3));
        try (SessionScope scope = sessions.open(null)) {
            Session.current().insert("a", 1);
            assertEquals(clock.instant(), Session.current().createdAt());
        }
        Map<String, String> stateWithReservedKeys = stored.storedState(stored.keys().get(0)).orElseThrow();
        assertEquals(Long.toString(clock.millis()), stateWithReservedKeys.get(ReservedKeys.CREATED));
        assertEquals(Map.of("a", "1"), stored.onlyState(), "without the reserved keys");
    }

    @Test
    @WithSession
    void withSessionOpensAScopeForANewSessionAroundTheMethod() {
        assertTrue(Session.current().isNew());
        Session.current().insert("a", 1);
        assertEquals(SessionStatus.CHANGED, Session.current().status());
    }

    @Test
    void aScopeParameterIsTheTestsScopeAndSessionIsItsSession(SessionScope scope, Session session,
            StoredSessions stored) {
        session.insert("a", 1);
        assertEquals(session.entries(), Session.current().entries(), "the scope is bound to the test's thread");
        scope.close();
        assertEquals(Map.of("a", "1"), stored.state(scope.key().orElseThrow()).orElseThrow());
    }

    @Test
    void storedSessionsOnlyStateWantsExactlyOneSession(Sessions sessions, StoredSessions stored) {
        AssertionError none = assertThrows(AssertionError.class, stored::onlyState);
        assertEquals("expected exactly one stored session, found 0", none.getMessage());
        for (int i = 0; i < 2; i++) {
            try (SessionScope scope = sessions.open(null)) {
                Session.current().insert("i", i);
            }
        }
        assertThrows(AssertionError.class, stored::onlyState);
        assertEquals(2, stored.keys().size());
    }

    @Test
    void storedSessionsListsOnlyLiveSessions(Sessions sessions, StoredSessions stored) {
        SessionScope first = sessions.open(null);
        try (first) {
            Session.current().insert("a", 1);
        }
        try (SessionScope purge = sessions.open(first.key().orElseThrow())) {
            Session.current().purge();
        }
        assertEquals(0, stored.count());
        assertEquals(java.util.Optional.empty(), stored.state(first.key().orElseThrow()));
    }

    @Test
    void theInMemoryStoreSaysThatItCannotFindSessionsByPrincipalAndWhatCan(Sessions sessions) {
        UnsupportedOperationException list = assertThrows(UnsupportedOperationException.class,
                () -> sessions.byPrincipal("alice"));
        assertTrue(list.getMessage().startsWith("InMemorySessionStore"), list.getMessage());
        assertTrue(list.getMessage().contains("embeddedMember()"), list.getMessage());
        UnsupportedOperationException end = assertThrows(UnsupportedOperationException.class,
                () -> sessions.invalidate("alice"));
        assertTrue(end.getMessage().startsWith("InMemorySessionStore"), end.getMessage());
        assertTrue(end.getMessage().contains("embeddedMember()"), end.getMessage());
    }

    @Test
    void stateKeyIsTheAnnotationsValueOrTheClassAndFieldName() {
        assertEquals("example.shop.Cart.items", StoredSessions.stateKey(example.shop.Cart.class, "items"));
        assertEquals("user", StoredSessions.stateKey(example.shop.Cart.class, "user"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> StoredSessions.stateKey(example.shop.Cart.class, "price"));
        assertEquals("example.shop.Cart declares no field 'price'", missing.getMessage());
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> StoredSessions.stateKey(WeftExtensionTest.class, "unscoped"));
        assertEquals("dev.weft.test.WeftExtensionTest.unscoped is not @SessionScoped", plain.getMessage());
    }

    @SuppressWarnings("unused")
    private String unscoped;

    /** Lifecycle methods and constructors ask for the same objects as the test method. */
    @Nested
    class LifecycleMethods {
        private final Sessions fromConstructor;
        private SessionScope fromBeforeEach;

        LifecycleMethods(Sessions sessions) {
            this.fromConstructor = sessions;
        }

        @BeforeEach
        void prepare(SessionScope scope) {
            fromBeforeEach = scope;
            Session.current().insert("prepared", true);
        }

        @Test
        void theTestSeesWhatItsBeforeEachPreparedInItsScope(Sessions sessions, SessionScope scope) {
            assertSame(fromConstructor, sessions);
            assertSame(fromBeforeEach, scope);
            assertEquals(Map.of("prepared", "true"), Session.current().entries());
        }

        @AfterEach
        void theScopeWasCommittedBeforeAfterEach(SessionScope scope, StoredSessions stored) {
            assertNotNull(scope);
            assertThrows(dev.weft.session.NoActiveSessionException.class, Session::current);
            assertEquals(Map.of("prepared", "true"), stored.state(scope.key().orElseThrow()).orElseThrow());
        }
    }

    /** A constructor may ask for the test's scope too: it is the one the test method gets. */
    @Nested
    class ScopeFromTheConstructor {
        private final SessionScope fromConstructor;

        ScopeFromTheConstructor(SessionScope scope) {
            this.fromConstructor = scope;
        }

        @Test
        void isTheTestsScope(SessionScope scope) {
            assertSame(fromConstructor, scope);
            Session.current().insert("a", 1);
            assertEquals(SessionStatus.CHANGED, scope.status());
        }
    }

    /** A class annotated {@link WithSession} opens a scope around each of its test methods, nested ones too. */
    @Nested
    @WithSession
    class AnnotatedClass {
        @Test
        void hasASession() {
            assertTrue(Session.current().isNew());
        }

        @Nested
        class Inner {
            @Test
            void hasASessionToo() {
                Session.current().insert("inner", true);
            }
        }
    }
}
