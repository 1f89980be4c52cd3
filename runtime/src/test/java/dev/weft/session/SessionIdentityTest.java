package dev.weft.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.session.Cart.Item;
import dev.weft.store.SessionId;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.testing.CountingStore;
import dev.weft.testing.MutableClock;
import dev.weft.testing.TestMembers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a session says of itself: its identifier (stored early when it has no key yet), age, newness and idle timeout. */
class SessionIdentityTest {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;

    private final MutableClock clock = new MutableClock();
    private HazelcastSessionStore hazelcastStore;
    private CountingStore store;
    private Sessions sessions;
    private final Cart cart = new Cart();

    @BeforeAll
    static void start() {
        member = members.startMember();
    }

    @BeforeEach
    void freshSessions() {
        hazelcastStore = HazelcastSessionStore.builder(member).mapName("identity-" + System.nanoTime()).clock(clock)
                .build();
        store = new CountingStore(hazelcastStore);
        sessions = Sessions.builder().withoutAgent().store(store).clock(clock).build();
    }

    @Test
    void anExistingSessionsIdentifierIsItsKeysDigestAndSaysNothingOfTheKey() {
        SessionKey key = saved();
        try (SessionScope scope = sessions.open(key)) {
            SessionId id = Session.current().id();
            assertEquals(key.id(), id);
            assertFalse(id.toString().contains(key.value()));
            assertEquals(43, id.toString().length());
            assertEquals(id, SessionId.parse(id.toString()));
        }
        assertEquals(List.of("loadAndUpdateTtl"), store.calls(), "one load to know the key names a session");
    }

    @Test
    void aNewSessionIsStoredWhenItsIdentifierIsAskedForAndGoesOnUnderThatKey() {
        SessionScope scope = sessions.open(null);
        SessionId id;
        try (scope) {
            cart.items().add(new Item("apple", 1));
            assertTrue(Session.current().isNew());
            id = Session.current().id();
            assertEquals(List.of("save"), store.calls(), "stored now, with what the scope changed so far");
            assertEquals(id, Session.current().id(), "stable");
            cart.items().add(new Item("pear", 2)); // a value held across the early store is still tracked
            assertTrue(Session.current().isNew(), "still the request that made it");
        }
        SessionKey key = scope.key().orElseThrow();
        assertEquals(id, key.id());
        assertEquals(List.of("save", "updateDelta"), store.calls(), "the rest at close, as a delta");
        assertEquals("[{\"name\":\"apple\",\"quantity\":1},{\"name\":\"pear\",\"quantity\":2}]",
                hazelcastStore.load(key).toCompletableFuture().join().orElseThrow().get(Cart.ITEMS.stateKey()));
    }

    @Test
    void aRenewedSessionsIdentifierIsTheNewKeysAndTheOldKeyEndsAtOnce() {
        SessionKey old = saved();
        SessionScope scope = sessions.open(old);
        try (scope) {
            Session.current().renew();
            SessionId renewed = Session.current().id();
            assertNotEquals(old.id(), renewed);
            assertEquals(Optional.empty(), hazelcastStore.load(old).toCompletableFuture().join());
            cart.user("bob");
        }
        assertEquals("\"bob\"", hazelcastStore.load(scope.key().orElseThrow()).toCompletableFuture().join()
                .orElseThrow().get("user"));
        try (SessionScope purged = sessions.open(scope.key().orElseThrow())) {
            Session.current().purge();
            assertThrows(IllegalStateException.class, () -> Session.current().id());
        }
    }

    @Test
    void creationTimeIsKeptAcrossRequestsAndRenewals() {
        SessionScope created = sessions.open(null);
        try (created) {
            assertEquals(clock.instant(), Session.current().createdAt());
            cart.user("alice");
        }
        java.time.Instant then = clock.instant();
        clock.advance(Duration.ofHours(1));
        SessionScope later = sessions.open(created.key().orElseThrow());
        try (later) {
            assertEquals(then, Session.current().createdAt());
            assertFalse(Session.current().isNew());
            Session.current().renew();
        }
        try (SessionScope renewed = sessions.open(later.key().orElseThrow())) {
            assertEquals(then, Session.current().createdAt());
        }
        try (SessionScope unknown = sessions.open(SessionKey.generate())) {
            assertTrue(Session.current().isNew(), "an unknown key starts a new session");
        }
    }

    @Test
    void aSessionsOwnIdleTimeoutIsStoredWithItAndSetsItsTtl() {
        SessionScope scope = sessions.open(null);
        try (scope) {
            assertEquals(sessions.ttl(), Session.current().idleTimeout());
            Session.current().idleTimeout(Duration.ofDays(30));
            assertEquals(Duration.ofDays(30), Session.current().idleTimeout());
        }
        SessionKey key = scope.key().orElseThrow();
        assertEquals(Duration.ofDays(30).plusSeconds(1).toMillis(),
                member.getMap(hazelcastStore.mapName()).getEntryView(key.id().toBytes()).getTtl());
        clock.advance(Duration.ofMinutes(10));
        try (SessionScope next = sessions.open(key)) {
            assertEquals(Duration.ofDays(30), Session.current().idleTimeout());
        }
        assertEquals(Duration.ofDays(30).plusSeconds(1).toMillis(),
                member.getMap(hazelcastStore.mapName()).getEntryView(key.id().toBytes()).getTtl(),
                "a read-only request extends it by its own timeout");
        try (SessionScope bad = sessions.open(key)) {
            assertThrows(IllegalArgumentException.class, () -> Session.current().idleTimeout(Duration.ZERO));
        }
    }

    private SessionKey saved() {
        SessionScope scope = sessions.open(null);
        try (scope) {
            cart.user("alice");
        }
        store.reset();
        return scope.key().orElseThrow();
    }
}
