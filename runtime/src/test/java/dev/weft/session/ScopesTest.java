package dev.weft.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.session.internal.SessionContext;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.testing.CountingStore;
import dev.weft.testing.TestMembers;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scopes and threads: closing from anywhere, once; discarding; nothing left on a pool thread; the agent check. */
class ScopesTest {

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
        hazelcastStore = HazelcastSessionStore.builder(member).mapName("scopes-" + System.nanoTime()).build();
        store = new CountingStore(hazelcastStore);
        sessions = Sessions.builder().withoutAgent().store(store).build();
    }

    @Test
    void aScopeClosedOnAnotherThreadLeavesNothingOnTheThreadThatOpenedIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<SessionScope> scope = new AtomicReference<>(pool.submit(() -> {
                SessionScope opened = sessions.open(null);
                cart.user("alice");
                return opened; // the request's thread hands the scope on and goes back to the pool
            }).get());
            WeakReference<SessionContext> context = pool.submit(() -> new WeakReference<>(SessionContext.current())).get();
            scope.get().close();
            assertTrue(scope.getAndSet(null).key().isPresent(), "committed from this thread");
            assertNull(pool.submit(SessionContext::current).get(), "the pool thread holds no scope");
            String reused = pool.submit(() -> {
                NoActiveSessionException e = assertThrows(NoActiveSessionException.class, cart::user);
                try (SessionScope next = sessions.open(null)) { // and the next request there starts clean
                    assertNull(cart.user());
                }
                return e.getMessage();
            }).get();
            assertTrue(reused.contains("after its session scope closed"), reused);
            for (int i = 0; i < 50 && context.get() != null; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertNull(context.get(), "no thread-local keeps the closed session reachable");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Two threads close one scope (an async request's container thread and its worker): the first
     * is held inside the store's write while the second closes; the session is stored once and both
     * see where it lives.
     */
    @Test
    void concurrentClosesCommitOnce() throws Exception {
        SessionKey key = saved();
        CountDownLatch inStore = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Sessions held = Sessions.builder().withoutAgent().store(new HeldInUpdateDelta(store, inStore, release)).build();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            SessionScope scope = held.open(key);
            cart.visits(cart.visits() + 1);
            SessionContext.bind(null); // as a container would leave it: the scope now belongs to no thread
            store.reset();
            Future<Optional<SessionKey>> first = threads.submit(() -> {
                scope.close();
                return scope.key();
            });
            assertTrue(inStore.await(30, TimeUnit.SECONDS));
            Thread[] secondThread = new Thread[1];
            Future<Optional<SessionKey>> second = threads.submit(() -> {
                secondThread[0] = Thread.currentThread();
                scope.close();
                return scope.key();
            });
            while (secondThread[0] == null || !(secondThread[0].getState() == Thread.State.BLOCKED
                    || secondThread[0].getState() == Thread.State.WAITING || second.isDone())) {
                Thread.sleep(1); // until the second close waits for the first, or has returned
            }
            release.countDown();
            assertEquals(Optional.of(key), first.get(), "the closer that stored sees where the state lives");
            assertEquals(Optional.of(key), second.get(), "and so does the other");
            assertEquals(List.of("updateDelta"), store.calls(), "one commit");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    /** A store whose blocking updateDelta says it has begun and waits to be released. */
    private static final class HeldInUpdateDelta implements dev.weft.store.SessionStore {
        private final dev.weft.store.SessionStore real;
        private final CountDownLatch inStore;
        private final CountDownLatch release;

        HeldInUpdateDelta(dev.weft.store.SessionStore real, CountDownLatch inStore, CountDownLatch release) {
            this.real = real;
            this.inStore = inStore;
            this.release = release;
        }

        @Override
        public dev.weft.store.BlockingSessionStore blocking() {
            dev.weft.store.BlockingSessionStore blocking = real.blocking();
            return (dev.weft.store.BlockingSessionStore) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {dev.weft.store.BlockingSessionStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("updateDelta")) {
                            inStore.countDown();
                            release.await();
                        }
                        try {
                            return method.invoke(blocking, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public java.util.concurrent.CompletionStage<Optional<java.util.Map<String, String>>> load(SessionKey key) {
            return real.load(key);
        }

        @Override
        public java.util.concurrent.CompletionStage<SessionKey> save(java.util.Map<String, String> state,
                java.time.Duration ttl) {
            return real.save(state, ttl);
        }

        @Override
        public java.util.concurrent.CompletionStage<SessionKey> update(SessionKey key,
                java.util.Map<String, String> state, java.time.Duration ttl) {
            return real.update(key, state, ttl);
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> updateTtl(SessionKey key, java.time.Duration ttl) {
            return real.updateTtl(key, ttl);
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> delete(SessionKey key) {
            return real.delete(key);
        }
    }

    @Test
    void aDiscardedScopeStoresNothingAndUnbinds() {
        SessionKey key = saved();
        store.reset();
        SessionScope scope = sessions.open(key);
        cart.user("mallory");
        scope.discard();
        scope.close();
        assertEquals(List.of(), store.calls(), "neither the discard nor a later close stores anything");
        assertEquals(SessionStatus.UNCHANGED, scope.status());
        assertThrows(NoActiveSessionException.class, cart::user);
        try (SessionScope again = sessions.open(key)) {
            assertEquals("alice", cart.user());
        }
    }

    @Test
    void aScopeLeftOpenOnAThreadIsDiscardedByTheNextRequestThere() {
        SessionKey key = saved();
        SessionScope leaked = sessions.open(key);
        cart.user("half-done");
        assertTrue(SessionScope.discardAbandoned(), "a filter finds it and drops it");
        assertFalse(SessionScope.discardAbandoned(), "nothing left after that");
        assertEquals(SessionStatus.UNCHANGED, leaked.status(), "the leaked scope stored nothing, and says so");
        leaked.close(); // whoever leaked it may still close it: nothing happens
        try (SessionScope next = sessions.open(key)) {
            assertEquals("alice", cart.user(), "the half-done write was not stored");
        }
    }

    @Test
    void anUnboundScopeIsBoundOnlyWhereItsWorkRunsAndCommitsFromAnyThread() throws Exception {
        SessionKey key = saved();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SessionScope outer = sessions.open(null)) {
            cart.user("someone else"); // this thread's own scope, which the unbound one leaves alone
            SessionScope unbound = sessions.openUnbound(key);
            assertEquals("someone else", cart.user(), "opening did not bind it here");
            assertEquals(Optional.of("alice"), unbound.session().get("user", String.class),
                    "its session is reachable without binding it");
            pool.submit(unbound.wrap(() -> cart.user("bob"))).get();
            assertNull(pool.submit(SessionContext::current).get(), "the pool thread is bound only while the work runs");
            assertEquals("bob", pool.submit(unbound.wrap((Callable<String>) cart::user)).get(), "a later part, another thread");
            pool.submit(unbound::close).get();
            assertEquals(SessionStatus.CHANGED, unbound.status());
            assertEquals(Optional.of(key), unbound.key());
            assertEquals("someone else", cart.user(), "closing it elsewhere left this thread's scope bound");
        } finally {
            pool.shutdown();
        }
        try (SessionScope next = sessions.open(key)) {
            assertEquals("bob", cart.user());
        }
    }

    @Test
    void buildingSessionsRequiresTheAgentUnlessTheProgramUsesOnlyTheSessionApi() {
        assertNull(System.getProperty(Sessions.AGENT_PROPERTY), "no agent in this JVM");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Sessions.builder().store(store).build());
        assertTrue(e.getMessage().contains("-javaagent:weft-agent.jar") && e.getMessage().contains("WeftAgent.install()")
                && e.getMessage().contains("withoutAgent()"), e.getMessage());
        System.setProperty(Sessions.AGENT_PROPERTY, "test"); // what the agent sets when it installs
        try {
            Sessions.builder().store(store).build();
        } finally {
            System.clearProperty(Sessions.AGENT_PROPERTY);
        }
        Sessions.builder().withoutAgent().store(store).build();
    }

    private SessionKey saved() {
        SessionScope scope = sessions.open(null);
        try (scope) {
            cart.user("alice");
        }
        return scope.key().orElseThrow();
    }
}
