package dev.weft.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.session.Cart.Item;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStoreException;
import dev.weft.store.UpdateException;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.testing.CountingStore;
import dev.weft.testing.MutableClock;
import dev.weft.testing.TestMembers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Renewal and purge are final: requests that were under way, or that still carry the old key,
 * neither undo them nor learn the new key. Each race is forced with latches: one request is held
 * between its load and its commit while the other renews or purges.
 */
class EndedSessionsTest {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;

    private final MutableClock clock = new MutableClock();
    private HazelcastSessionStore hazelcastStore;
    private CountingStore store;
    private Sessions sessions;
    private final Cart cart = new Cart();
    private final ExecutorService otherTab = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void start() {
        member = members.startMember();
    }

    @BeforeEach
    void freshSessions() {
        hazelcastStore = HazelcastSessionStore.builder(member).mapName("ended-" + System.nanoTime()).clock(clock).build();
        store = new CountingStore(hazelcastStore);
        sessions = Sessions.builder().withoutAgent().store(store).clock(clock).build();
    }

    @AfterEach
    void stop() {
        otherTab.shutdownNow();
    }

    private SessionKey signedOutWithACart() {
        SessionScope scope = sessions.open(null);
        try (scope) {
            cart.items().add(new Item("apple", 1));
        }
        return scope.key().orElseThrow();
    }

    private Map<String, String> stored(SessionKey key) {
        return hazelcastStore.load(key).toCompletableFuture().join().orElse(null);
    }

    /**
     * Tab B's request started before tab A signed in (so it loaded the session) and ends after:
     * if it only read, it stores nothing and keeps its key; if it wrote, the write is refused and
     * reported, and neither the signed-in session nor a new one gets it.
     */
    @Test
    void aRequestUnderWayWhenTheSessionIsRenewedIsRefusedIfItWrites() throws Exception {
        SessionKey k1 = signedOutWithACart();
        CountDownLatch loaded = new CountDownLatch(2);
        CountDownLatch signedIn = new CountDownLatch(1);
        Future<Optional<SessionKey>> reader = otherTab.submit(() -> tabB(k1, loaded, signedIn, false));
        ExecutorService writerTab = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<SessionKey>> writer = writerTab.submit(() -> tabB(k1, loaded, signedIn, true));
            loaded.await();
            SessionScope signIn = sessions.open(k1);
            try (signIn) {
                Session.current().renew();
                cart.user("alice");
            }
            SessionKey k2 = signIn.key().orElseThrow();
            signedIn.countDown();
            assertEquals(Optional.of(k1), reader.get(), "the reading tab stored nothing and saw no new key");
            UpdateException refused = assertInstanceOf(UpdateException.class,
                    assertThrows(java.util.concurrent.ExecutionException.class, writer::get).getCause());
            assertEquals(SessionStoreException.Kind.ENDED, refused.kind());
            assertEquals(Map.of("user", "\"alice\"", Cart.ITEMS.stateKey(), "[{\"name\":\"apple\",\"quantity\":1}]"),
                    withoutReserved(stored(k2)), "the signed-in session has neither tab's refused write");
            assertNull(stored(k1));
            assertEquals(2, member.getMap(hazelcastStore.mapName()).size(), "no session was made for the refused write");
        } finally {
            writerTab.shutdownNow();
        }
    }

    private Optional<SessionKey> tabB(SessionKey key, CountDownLatch loaded, CountDownLatch signedIn, boolean writes)
            throws InterruptedException {
        SessionScope scope = sessions.open(key);
        try (scope) {
            assertEquals(1, cart.items().size());
            loaded.countDown();
            signedIn.await();
            if (writes) {
                cart.items().add(new Item("pear", 2)); // an in-place change
            }
        }
        return scope.key();
    }

    private static <T> T assertInstanceOf(Class<T> type, Throwable actual) {
        return org.junit.jupiter.api.Assertions.assertInstanceOf(type, actual);
    }

    private static Map<String, String> withoutReserved(Map<String, String> state) {
        Map<String, String> application = new java.util.HashMap<>(state);
        application.keySet().removeIf(k -> k.startsWith("@"));
        return application;
    }

    /** A request carrying the old key after the renewal: reads nothing, writes nothing, learns nothing. */
    @Test
    void aRequestWithTheOldKeyAfterARenewalGetsNeitherTheStateNorTheNewKey() {
        SessionKey k1 = signedOutWithACart();
        SessionScope signIn = sessions.open(k1);
        try (signIn) {
            Session.current().renew();
            cart.user("alice");
        }
        SessionKey k2 = signIn.key().orElseThrow();
        store.reset();
        SessionScope readOnly = sessions.open(k1);
        try (readOnly) {
            assertEquals(List.of(), cart.items(), "the old key reaches no state");
            assertNull(cart.user());
        }
        assertEquals(Optional.empty(), readOnly.key(), "nothing stored, no key to send");
        assertEquals(List.of("loadAndUpdateTtl"), store.calls());
        SessionScope writing = sessions.open(k1);
        cart.items().add(new Item("pear", 2));
        UpdateException e = assertThrows(UpdateException.class, writing::close);
        assertEquals(SessionStoreException.Kind.ENDED, e.kind());
        assertEquals(Optional.empty(), writing.key(), "never the new key");
        assertNotEquals(Optional.of(k2), writing.key());
        assertEquals("\"alice\"", stored(k2).get("user"));
        assertEquals(2, member.getMap(hazelcastStore.mapName()).size(), "the tombstone and the renewed session only");
    }

    /** Sign-out while another request holds the cart and changes it in place: the sign-out stands. */
    @Test
    void aPurgeIsNotUndoneByARequestThatLoadedBeforeIt() throws Exception {
        SessionKey key = signedOutWithACart();
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch signedOut = new CountDownLatch(1);
        Future<?> mutating = otherTab.submit(() -> {
            SessionScope scope = sessions.open(key);
            List<Item> items = cart.items();
            loaded.countDown();
            signedOut.await();
            items.add(new Item("pear", 2));
            scope.close();
            return null;
        });
        loaded.await();
        SessionScope signOut = sessions.open(key);
        try (signOut) {
            Session.current().purge();
        }
        signedOut.countDown();
        UpdateException e = assertInstanceOf(UpdateException.class,
                assertThrows(java.util.concurrent.ExecutionException.class, mutating::get).getCause());
        assertEquals(SessionStoreException.Kind.ENDED, e.kind());
        assertNull(stored(key));
        assertEquals(1, member.getMap(hazelcastStore.mapName()).size(), "only the tombstone: no new session");
    }

    @Test
    void aSessionEndsAtItsMaximumLifetimeHoweverActiveAndARenewalKeepsItsCreation() {
        Sessions limited = Sessions.builder().withoutAgent().store(store).clock(clock).maxLifetime(Duration.ofHours(8))
                .build();
        SessionScope created = limited.open(null);
        try (created) {
            cart.user("alice");
        }
        SessionKey key = created.key().orElseThrow();
        long createdAt = clock.millis();
        assertEquals(Long.toString(createdAt + Duration.ofHours(8).toMillis()), stored(key).get("@deadline"));
        clock.advance(Duration.ofHours(4));
        SessionScope renewed = limited.open(key);
        try (renewed) {
            assertEquals("alice", cart.user());
            Session.current().renew();
        }
        SessionKey later = renewed.key().orElseThrow();
        assertEquals(Long.toString(createdAt), stored(later).get("@created"), "a renewal keeps the creation time");
        clock.advance(Duration.ofHours(4).minusSeconds(1));
        try (SessionScope active = limited.open(later)) {
            assertEquals("alice", cart.user());
        }
        clock.advance(Duration.ofSeconds(1));
        SessionScope after = limited.open(later);
        try (after) {
            assertNull(cart.user(), "at creation + 8 h the session is gone, however active");
        }
        assertEquals(Optional.empty(), after.key());
    }

    @Test
    void aSignInWhoseSessionPassesItsDeadlineMidRequestDoesNotStartAnUnlimitedOne() {
        Sessions limited = Sessions.builder().withoutAgent().store(store).clock(clock).maxLifetime(Duration.ofHours(1))
                .build();
        SessionScope created = limited.open(null);
        try (created) {
            cart.user("anon");
        }
        SessionKey key = created.key().orElseThrow();
        clock.advance(Duration.ofMinutes(59));
        SessionScope signIn = limited.open(key);
        try (signIn) {
            assertEquals("anon", cart.user(), "loaded while the session still lives");
            clock.advance(Duration.ofMinutes(2)); // the deadline passes before the request commits
            Session.current().renew();
            cart.user("alice");
        }
        SessionKey renewed = signIn.key().orElseThrow();
        assertNull(stored(renewed), "the sign-in carried the session's deadline, already passed: nothing lives on"
                + " under the new key (before, the sign-in alone was stored there, without a deadline)");
        assertNull(stored(key), "nor under the old one");
    }
}
