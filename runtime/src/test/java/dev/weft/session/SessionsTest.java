package dev.weft.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.session.Cart.Item;
import dev.weft.session.Cart.Theme;
import dev.weft.store.BlockingSessionStore;
import dev.weft.store.SaveException;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.SessionStoreException;
import dev.weft.store.UpdateException;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.testing.CountingStore;
import dev.weft.testing.TestMembers;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scopes, commits, values and the Session API against a real embedded member. */
class SessionsTest {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;

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
        hazelcastStore = HazelcastSessionStore.builder(member).mapName("sessions-" + System.nanoTime())
                .maxStateBytes(4096).build();
        store = new CountingStore(hazelcastStore);
        sessions = Sessions.builder().withoutAgent().store(store).ttl(Duration.ofMinutes(5)).build();
    }

    private SessionKey sessionWith(Runnable work) {
        SessionScope scope = sessions.open(null);
        try (scope) {
            work.run();
        }
        store.reset();
        return scope.key().orElseThrow();
    }

    /** The application's entries stored for {@code key} (Weft's own reserved entries left out). */
    private Map<String, String> stored(SessionKey key) {
        Map<String, String> state = new java.util.HashMap<>(hazelcastStore.load(key).toCompletableFuture().join()
                .orElseThrow());
        state.keySet().removeIf(k -> k.startsWith("@"));
        return state;
    }

    // ---- commit rules ----

    @Test
    void emptyNewSessionStoresNothing() {
        SessionScope scope = sessions.open(null);
        try (scope) {
            assertEquals(List.of(), cart.items());
            assertEquals(7, cart.visits());
        }
        assertEquals(Optional.empty(), scope.key());
        assertEquals(List.of(), store.calls());
    }

    @Test
    void newSessionWithStateIsSavedOnce() {
        SessionScope scope = sessions.open(null);
        try (scope) {
            cart.user("alice");
            cart.visits(cart.visits() + 1);
        }
        assertEquals(List.of("save"), store.calls());
        SessionKey key = scope.key().orElseThrow();
        assertEquals(Map.of("user", "\"alice\"", "dev.weft.session.Cart.visits", "8"), stored(key));
    }

    @Test
    void scopeThatTouchesNothingDoesNoStoreOperation() {
        SessionKey key = sessionWith(() -> cart.user("alice"));
        SessionScope scope = sessions.open(key);
        scope.close();
        assertEquals(List.of(), store.calls());
        assertEquals(Optional.of(key), scope.key());
    }

    @Test
    void readOnlyRequestCostsOneRoundTripUnderBothPolicies() {
        SessionKey key = sessionWith(() -> cart.user("alice"));
        try (SessionScope scope = sessions.open(key)) {
            assertEquals("alice", cart.user());
            assertEquals(7, cart.visits());
            assertEquals(List.of(), cart.items());
        }
        assertEquals(List.of("loadAndUpdateTtl"), store.calls());

        store.reset();
        Sessions onChanges = Sessions.builder().withoutAgent().store(store).ttlExtension(TtlExtensionPolicy.ON_STATE_CHANGES).build();
        try (SessionScope scope = onChanges.open(key)) {
            assertEquals("alice", cart.user());
        }
        assertEquals(List.of("load"), store.calls());
        assertEquals(Map.of("user", "\"alice\""), stored(key));
    }

    @Test
    void changedSessionIsOneDeltaUpdateUnderTheSameKey() {
        SessionKey key = sessionWith(() -> {
            cart.user("alice");
            cart.visits(1);
        });
        SessionScope scope = sessions.open(key);
        try (scope) {
            cart.visits(cart.visits() + 1);
        }
        assertEquals(List.of("loadAndUpdateTtl", "updateDelta"), store.calls());
        assertEquals(Optional.of(key), scope.key());
        assertEquals(Map.of("user", "\"alice\"", "dev.weft.session.Cart.visits", "2"), stored(key));
    }

    @Test
    void writeWithoutReadNeedsNoLoad() {
        SessionKey key = sessionWith(() -> cart.user("alice"));
        try (SessionScope scope = sessions.open(key)) {
            cart.theme(Theme.DARK);
        }
        assertEquals(List.of("updateDelta"), store.calls());
        assertEquals(Map.of("user", "\"alice\"", "dev.weft.session.Cart.theme", "\"DARK\""), stored(key));
    }

    @Test
    void stateIsLoadedLazilyAndOnce() {
        SessionKey key = sessionWith(() -> cart.user("alice"));
        try (SessionScope scope = sessions.open(key)) {
            assertEquals(List.of(), store.calls());
            cart.user();
            cart.items();
            cart.visits();
            Session.current().get("user", String.class);
            assertEquals(List.of("loadAndUpdateTtl"), store.calls());
        }
    }

    @Test
    void inPlaceMutationIsSaved() {
        SessionKey key = sessionWith(() -> cart.items().add(new Item("apple", 1)));
        assertEquals("[{\"name\":\"apple\",\"quantity\":1}]", stored(key).get("dev.weft.session.Cart.items"));
        try (SessionScope scope = sessions.open(key)) {
            cart.items().add(new Item("pear", 2));
            cart.scores().put("a", 1);
        }
        assertEquals(List.of("loadAndUpdateTtl", "updateDelta"), store.calls());
        try (SessionScope scope = sessions.open(key)) {
            assertEquals(List.of(new Item("apple", 1), new Item("pear", 2)), cart.items());
            assertEquals(Map.of("a", 1), cart.scores());
        }
    }

    @Test
    void readingADefaultDoesNotStoreIt() {
        SessionKey key = sessionWith(() -> cart.user("alice"));
        try (SessionScope scope = sessions.open(key)) {
            assertEquals(List.of(), cart.items());
            assertEquals(Map.of(), cart.scores());
        }
        assertEquals(List.of("loadAndUpdateTtl"), store.calls());
        assertEquals(Set.of("user"), stored(key).keySet());
    }

    @Test
    void defaultsComeFromInitializersAndArePerSession() {
        SessionKey first = sessionWith(() -> {
            assertEquals(7, cart.visits());
            assertEquals(5, Cart.counter());
            cart.items().add(new Item("apple", 1));
            Cart.counter(Cart.counter() + 1);
        });
        try (SessionScope scope = sessions.open(null)) {
            assertEquals(List.of(), cart.items(), "a new session shares no default with another");
            assertEquals(5, Cart.counter());
            assertEquals(0.0, cart.ratio());
            assertFalse(cart.flag());
            assertEquals(null, cart.since());
        }
        assertTrue(cart.items.isEmpty(), "the plain field, the default, is untouched");
        assertEquals(5, Cart.counter);
        try (SessionScope scope = sessions.open(first)) {
            assertEquals(List.of(new Item("apple", 1)), cart.items());
            assertEquals(6, Cart.counter());
        }
    }

    @Test
    void valuesRoundTripThroughTheirGenericTypes() {
        SessionKey key = sessionWith(() -> {
            cart.items(new ArrayList<>(List.of(new Item("pear", 3))));
            cart.scores().put("x", 42);
            cart.theme(Theme.DARK);
            cart.since(LocalDate.of(2026, 11, 25));
            cart.ratio(0.25);
            cart.flag(true);
        });
        try (SessionScope scope = sessions.open(key)) {
            assertEquals(List.of(new Item("pear", 3)), cart.items());
            assertInstanceOf(Item.class, cart.items().get(0));
            assertEquals(Integer.valueOf(42), cart.scores().get("x"));
            assertEquals(Theme.DARK, cart.theme());
            assertEquals(LocalDate.of(2026, 11, 25), cart.since());
            assertEquals(0.25, cart.ratio());
            assertTrue(cart.flag());
        }
        assertEquals("\"2026-11-25\"", stored(key).get("dev.weft.session.Cart.since"));
    }

    @Test
    void unknownKeyStartsANewSessionAndNeverResurrects() {
        SessionKey unknown = SessionKey.generate();
        SessionScope scope = sessions.open(unknown);
        try (scope) {
            assertEquals(null, cart.user());
            cart.user("bob");
        }
        SessionKey key = scope.key().orElseThrow();
        assertNotEquals(unknown, key);
        assertEquals(List.of("loadAndUpdateTtl", "updateDelta"), store.calls(),
                "the delta finds the key gone and saves the state under a new key");
        assertTrue(hazelcastStore.load(unknown).toCompletableFuture().join().isEmpty());
        assertTrue(hazelcastStore.load(key).toCompletableFuture().join().orElseThrow().containsKey("@created"));
    }

    @Test
    void renewMovesTheStateToANewKey() {
        SessionKey old = sessionWith(() -> cart.user("alice"));
        SessionScope scope = sessions.open(old);
        try (scope) {
            Session.current().renew();
            assertEquals(SessionStatus.RENEWED, Session.current().status());
            cart.visits(1);
            assertEquals(SessionStatus.RENEWED, Session.current().status(), "renew wins over a change");
        }
        SessionKey renewed = scope.key().orElseThrow();
        assertNotEquals(old, renewed);
        assertEquals(List.of("renew"), store.calls().subList(store.calls().size() - 1, store.calls().size()),
                "one store call moves the state with the changes");
        assertTrue(hazelcastStore.load(old).toCompletableFuture().join().isEmpty(), "the old key stops working");
        assertEquals(Map.of("user", "\"alice\"", "dev.weft.session.Cart.visits", "1"), stored(renewed));
    }

    @Test
    void purgeDeletesTheSessionAndWinsOverEverything() {
        SessionKey key = sessionWith(() -> cart.user("alice"));
        SessionScope scope = sessions.open(key);
        try (scope) {
            Session.current().purge();
            cart.user("mallory");
            Session.current().renew();
            assertEquals(SessionStatus.PURGED, Session.current().status());
        }
        assertEquals(Optional.empty(), scope.key());
        assertEquals(SessionStatus.PURGED, scope.status());
        assertTrue(hazelcastStore.load(key).toCompletableFuture().join().isEmpty());
        assertEquals(List.of("delete"), store.calls(), "a purge loads nothing and writes nothing else");
    }

    // ---- the Session API shares the fields' state ----

    @Test
    void sessionApiAndFieldsShareOneState() {
        SessionKey key = sessionWith(() -> {
            cart.user("alice");
            Session.current().insert("theme", "dark");
            assertEquals(Optional.of("alice"), Session.current().get("user", String.class));
            Session.current().insert("user", "bob");
            assertEquals("bob", cart.user());
            assertEquals(SessionStatus.CHANGED, Session.current().status());
        });
        assertEquals(Map.of("user", "\"bob\"", "theme", "\"dark\""), stored(key));
        try (SessionScope scope = sessions.open(key)) {
            assertEquals(SessionStatus.UNCHANGED, Session.current().status());
            Session.current().remove("user");
            assertEquals(null, cart.user(), "a removed key reads as the field's default");
            cart.visits(3);
            assertEquals(Map.of("theme", "\"dark\"", "dev.weft.session.Cart.visits", "3"), Session.current().entries());
        }
        assertEquals(Map.of("theme", "\"dark\"", "dev.weft.session.Cart.visits", "3"), stored(key));
        try (SessionScope scope = sessions.open(key)) {
            Session.current().clear();
            assertEquals(7, cart.visits());
            assertEquals(Map.of(), Session.current().entries());
        }
        assertEquals(Map.of(), stored(key));
    }

    @Test
    void failedCommitThrowsAndLeavesTheStoredStateAlone() {
        SessionKey key = sessionWith(() -> cart.user("alice"));
        SessionScope scope = sessions.open(key);
        cart.user("x".repeat(5000));
        UpdateException e = assertThrows(UpdateException.class, scope::close);
        assertEquals(SessionStoreException.Kind.SERIALIZATION, e.kind());
        assertTrue(e.getMessage().contains("the write of key 'user' crossed it"), e.getMessage());
        assertFalse(e.getMessage().contains("xxxx"), "no value in the message");
        assertEquals(Map.of("user", "\"alice\""), stored(key));
        assertThrows(NoActiveSessionException.class, cart::user, "the thread is unbound all the same");

        SessionScope fresh = sessions.open(null);
        cart.user("y".repeat(5000));
        assertThrows(SaveException.class, fresh::close);
        assertEquals(Optional.empty(), fresh.key());
    }

    // ---- the store's two forms ----

    @Test
    void scopesWorkThroughTheStoresBlockingView() {
        SessionStore blockingOnly = new StagesRefused(hazelcastStore);
        Sessions viaBlocking = Sessions.builder().withoutAgent().store(blockingOnly).ttl(Duration.ofMinutes(5)).build();
        SessionScope first = viaBlocking.open(null);
        try (first) {
            cart.user("alice");
        }
        SessionKey key = first.key().orElseThrow();
        try (SessionScope scope = viaBlocking.open(key)) {
            assertEquals("alice", cart.user());
            cart.visits(cart.visits() + 1);
        }
        SessionScope renewed = viaBlocking.open(key);
        try (renewed) {
            Session.current().renew();
        }
        assertEquals(Optional.empty(), hazelcastStore.load(key).toCompletableFuture().join());
        SessionKey newKey = renewed.key().orElseThrow();
        assertEquals(Map.of("user", "\"alice\"", "dev.weft.session.Cart.visits", "8"), stored(newKey));
    }

    @Test
    void aStoreWithOnlyStagesWorksThroughTheDefaultBlockingView() {
        CountingStore counted = new CountingStore(hazelcastStore);
        Sessions viaStages = Sessions.builder().withoutAgent().store(new StagesOnly(counted)).ttl(Duration.ofMinutes(5)).build();
        SessionScope first = viaStages.open(null);
        try (first) {
            cart.user("alice");
        }
        SessionKey key = first.key().orElseThrow();
        counted.reset();
        try (SessionScope scope = viaStages.open(key)) {
            assertEquals("alice", cart.user());
            cart.visits(cart.visits() + 1);
        }
        assertEquals(List.of("load", "updateTtl", "load", "update"), counted.calls(),
                "the defaults of loadAndUpdateTtl and updateDelta, through the stages");
        assertEquals(Map.of("user", "\"alice\"", "dev.weft.session.Cart.visits", "8"), stored(key));

        SessionScope tooLarge = viaStages.open(key);
        cart.user("x".repeat(5000));
        UpdateException e = assertThrows(UpdateException.class, tooLarge::close,
                "the stage's failure, unwrapped by the default blocking view");
        assertEquals(SessionStoreException.Kind.SERIALIZATION, e.kind());
        assertEquals(Map.of("user", "\"alice\"", "dev.weft.session.Cart.visits", "8"), stored(key));
    }

    /** A store whose stages fail the test: only its blocking view may be used. */
    private static final class StagesRefused implements SessionStore {
        private final SessionStore real;

        StagesRefused(SessionStore real) {
            this.real = real;
        }

        @Override
        public BlockingSessionStore blocking() {
            return real.blocking();
        }

        private static <T> T refused() {
            throw new AssertionError("a scope used the store's stages instead of its blocking view");
        }

        @Override
        public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
            return refused();
        }

        @Override
        public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
            return refused();
        }

        @Override
        public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
            return refused();
        }

        @Override
        public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
            return refused();
        }

        @Override
        public CompletionStage<Void> delete(SessionKey key) {
            return refused();
        }
    }

    /** A store with only the five actix operations: no blocking view, delta or combined load of its own. */
    private static final class StagesOnly implements SessionStore {
        private final SessionStore real;

        StagesOnly(SessionStore real) {
            this.real = real;
        }

        @Override
        public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
            return real.load(key);
        }

        @Override
        public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
            return real.save(state, ttl);
        }

        @Override
        public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
            return real.update(key, state, ttl);
        }

        @Override
        public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
            return real.updateTtl(key, ttl);
        }

        @Override
        public CompletionStage<Void> delete(SessionKey key) {
            return real.delete(key);
        }
    }

    // ---- threads and scopes ----

    @Test
    void noScopeMeansNoActiveSessionNamingTheField() {
        NoActiveSessionException e = assertThrows(NoActiveSessionException.class, cart::items);
        assertTrue(e.getMessage().contains("dev.weft.session.Cart.items"), e.getMessage());
        assertThrows(NoActiveSessionException.class, Session::current);
        SessionScope scope = sessions.open(null);
        scope.close();
        assertThrows(NoActiveSessionException.class, cart::user, "not after close either");
    }

    @Test
    void scopeCanBeCarriedToAnotherThreadExplicitly() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            SessionScope scope = sessions.open(null);
            try (scope) {
                cart.user("alice");
                Future<String> carried = executor.submit(scope.wrap(() -> {
                    cart.visits(42);
                    return cart.user();
                }));
                assertEquals("alice", carried.get());
                Future<?> notCarried = executor.submit(() -> cart.user());
                Exception e = assertThrows(Exception.class, notCarried::get);
                assertInstanceOf(NoActiveSessionException.class, e.getCause());
            }
            assertEquals("42", stored(scope.key().orElseThrow()).get("dev.weft.session.Cart.visits"));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aCarriedThreadFollowsSlotsThatGrewAndFailsOnceTheScopeCloses() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch bound = new CountDownLatch(1);
        CountDownLatch grown = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Wide wide = new Wide();
        try {
            SessionScope scope = sessions.open(null);
            Future<String> carried;
            try (scope) {
                cart.user("alice");
                carried = executor.submit(scope.wrap(() -> {
                    String seen = cart.user(); // this thread now holds the scope's slots
                    bound.countDown();
                    grown.await();
                    seen += "," + cart.user() + "," + wide.last();
                    wide.last(2);
                    cart.user("bob");
                    written.countDown();
                    closed.await();
                    try {
                        cart.user();
                        return seen + ",still readable";
                    } catch (NoActiveSessionException e) {
                        return seen + "," + e.getMessage();
                    }
                }));
                bound.await();
                assertEquals(0, wide.last(), "64 new fields: the slots grew past what the carried thread holds");
                wide.last(1);
                cart.user("carol"); // after the growth: only the new slots have it
                grown.countDown();
                written.await();
                assertEquals("bob", cart.user());
                assertEquals(2, wide.last());
            }
            closed.countDown();
            assertEquals("alice,carol,1,session field dev.weft.session.Cart.user was used after its session"
                    + " scope closed; open one with sessions.open(key), or carry it with scope.wrap(..)", carried.get());
            Map<String, String> stored = stored(scope.key().orElseThrow());
            assertEquals("\"bob\"", stored.get("user"));
            assertEquals("2", stored.get("dev.weft.session.Wide.f63"));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void twoFieldsWithOneStateKeyShareTheValue() {
        Profile profile = new Profile();
        SessionScope scope = sessions.open(null);
        try (scope) {
            cart.user("alice");
            assertEquals("alice", profile.name(), "handed over from the other field");
            profile.name("bob");
            assertEquals("bob", cart.user(), "the other field's value was replaced, not kept");
            cart.user("carol");
            assertEquals("carol", profile.name());
        }
        assertEquals(Map.of("user", "\"carol\""), stored(scope.key().orElseThrow()));
        SessionScope writeOnly = sessions.open(scope.key().orElseThrow());
        try (writeOnly) {
            profile.name("dave"); // written before either field was read
            assertEquals("dave", cart.user());
        }
        assertEquals(Map.of("user", "\"dave\""), stored(writeOnly.key().orElseThrow()));
        SessionScope readThenOther = sessions.open(writeOnly.key().orElseThrow());
        try (readThenOther) {
            assertEquals("dave", cart.user()); // Cart's field holds the value; Profile's has none yet
            profile.name("eve");
            assertEquals("eve", cart.user(), "the write through the other field replaced it");
            assertEquals(Optional.of("eve"), Session.current().get("user", String.class));
        }
        assertEquals(Map.of("user", "\"eve\""), stored(readThenOther.key().orElseThrow()));
    }

    @Test
    void aScopeWorksOnAnInterruptedThreadAndLeavesTheInterruptSet() {
        Thread.currentThread().interrupt();
        try {
            SessionKey key = sessionWith(() -> cart.user("alice"));
            try (SessionScope scope = sessions.open(key)) {
                assertEquals("alice", cart.user());
                cart.user("bob");
            }
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(Map.of("user", "\"bob\""), stored(key));
        } finally {
            Thread.interrupted();
        }
    }

    /** A second class whose field shares the state key {@code user} with {@link Cart}'s. */
    static final class Profile {
        @dev.weft.annotation.SessionScoped("user") String name;
        private static final dev.weft.session.internal.SessionField NAME =
                dev.weft.session.internal.SessionBridge.field(Profile.class, "name");

        String name() {
            return (String) dev.weft.session.internal.SessionBridge.getReference(this, NAME);
        }

        void name(String value) {
            dev.weft.session.internal.SessionBridge.setReference(this, value, NAME);
        }
    }

    @Test
    void nestedScopesMustBeTheSameSession() {
        SessionKey key = sessionWith(() -> cart.user("alice"));
        try (SessionScope outer = sessions.open(key)) {
            try (SessionScope inner = sessions.open(key)) {
                cart.user("bob");
            }
            assertEquals("bob", cart.user(), "the inner scope does not commit or unbind");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sessions.open(null));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
        }
        assertEquals("\"bob\"", stored(key).get("user"));
    }

    interface Handler extends java.util.function.Function<String, String> {
    }

    static class Parent {
        @dev.weft.annotation.SessionScoped String inherited;
    }

    static class Child extends Parent {
    }

    @Test
    void aFieldNamedThroughASubclassIsTheDeclaringClassesField() {
        assertEquals(dev.weft.session.internal.SessionBridge.field(Parent.class, "inherited"),
                dev.weft.session.internal.SessionBridge.field(Child.class, "inherited"));
        assertEquals(Parent.class.getName() + ".inherited",
                dev.weft.session.internal.SessionBridge.field(Child.class, "inherited").stateKey());
    }

    @Test
    void fieldsThatCanNeverBeSessionValuesAreRefused() {
        class Refused {
            @dev.weft.annotation.SessionScoped final String constant = "x";
            @dev.weft.annotation.SessionScoped Thread worker;
            @dev.weft.annotation.SessionScoped Runnable task;
            @dev.weft.annotation.SessionScoped Handler handler;
            String plain;
        }
        for (String field : List.of("constant", "worker", "task", "handler", "plain", "missing")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> dev.weft.session.internal.SessionBridge.field(Refused.class, field));
            assertTrue(e.getMessage().contains("." + field), e.getMessage());
        }
    }

    @Test
    void builderRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> Sessions.builder().ttl(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Sessions.builder().ttl(null));
        assertThrows(IllegalArgumentException.class, () -> Sessions.builder().ttl(Duration.ofDays(366)),
                "longer than a store keeps");
        assertThrows(IllegalArgumentException.class, () -> Sessions.builder().ttl(Duration.ofSeconds(Long.MAX_VALUE)));
        assertThrows(IllegalArgumentException.class, () -> Sessions.builder().maxLifetime(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> Sessions.builder().jsonMapper(null));
        assertThrows(NullPointerException.class, () -> Sessions.builder().clock(null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sessions.builder().build());
        assertTrue(e.getMessage().contains("store"), e.getMessage());
    }
}
