package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.session.NoActiveSessionException;
import dev.weft.session.Session;
import dev.weft.session.Sessions;
import dev.weft.store.SaveException;
import dev.weft.store.SessionStoreException;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * How the extension begins and ends each test's scope, and how it fails a test, seen from outside:
 * each case runs a fixture class through the JUnit Platform and looks at the outcome and at what
 * the fixture's sessions stored.
 */
class WeftExtensionLifecycleTest {

    /** What the last fixture test saw of its store. */
    static final AtomicReference<StoredSessions> STORED = new AtomicReference<>();

    @Test
    void aTestThatReturnsNormallyHasItsScopeCommitted() {
        EngineExecutionResults results = run(Commits.class);
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertEquals(Map.of("a", "1"), STORED.get().onlyState());
    }

    @Fixture
    @ExtendWith(WeftExtension.class)
    static class Commits {
        @Test
        @WithSession
        void writes(StoredSessions stored) {
            STORED.set(stored);
            Session.current().insert("a", 1);
        }
    }

    @Test
    void aTestThatFailsHasItsScopeDiscarded() {
        EngineExecutionResults results = run(FailsAfterWriting.class);
        assertEquals("on purpose", failure(results.testEvents()).getMessage());
        assertEquals(0, STORED.get().count());
    }

    @Fixture
    @ExtendWith(WeftExtension.class)
    static class FailsAfterWriting {
        @Test
        @WithSession
        void writesThenFails(StoredSessions stored) {
            STORED.set(stored);
            Session.current().insert("a", 1);
            throw new AssertionError("on purpose");
        }
    }

    @Test
    void withSessionCommitFalseDiscardsTheScope() {
        run(DiscardsWhenAsked.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertEquals(0, STORED.get().count());
    }

    @Fixture
    @ExtendWith(WeftExtension.class)
    static class DiscardsWhenAsked {
        @Test
        @WithSession(commit = false)
        void writes(StoredSessions stored) {
            STORED.set(stored);
            Session.current().insert("a", 1);
        }
    }

    @Test
    void aCommitThatFailsFailsTheTest() {
        EngineExecutionResults results = run(WritesOverTheLimit.class);
        SaveException e = assertInstanceOf(SaveException.class, failure(results.testEvents()));
        assertEquals(SessionStoreException.Kind.SERIALIZATION, e.kind());
        assertTrue(e.getMessage().contains("limit of 1 keys; the write of key 'b' crossed it"), e.getMessage());
        assertEquals(0, STORED.get().count());
    }

    @Fixture
    static class WritesOverTheLimit {
        @RegisterExtension
        static final WeftExtension weft = WeftExtension.builder().inMemoryStore(store -> store.maxEntries(1)).build();

        @Test
        @WithSession
        void writesTwoKeys(StoredSessions stored) {
            STORED.set(stored);
            Session.current().insert("a", 1);
            Session.current().insert("b", 2);
        }
    }

    @Test
    void aScopeATestLeavesOpenFailsItAndIsGoneBeforeTheNextTest() {
        EngineExecutionResults results = run(LeavesAScopeOpen.class);
        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        for (Event failed : results.testEvents().failed().list()) {
            Throwable leak = throwable(failed);
            assertInstanceOf(AssertionError.class, leak);
            assertTrue(leak.getMessage().startsWith("the test left a session scope open on its thread; it was discarded"),
                    leak.getMessage());
        }
        assertEquals(0, STORED.get().count(), "the abandoned scopes stored nothing");
    }

    @Fixture
    @ExtendWith(WeftExtension.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeavesAScopeOpen {
        static StoredSessions first;

        @Test
        @Order(1)
        @Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SAME_THREAD)
        void opensAndForgetsOnTheLifecycleThread(Sessions sessions, StoredSessions stored) {
            first = stored;
            sessions.open(null);
            Session.current().insert("a", 1);
        }

        @Test
        @Order(2)
        @Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SAME_THREAD)
        void startsWithoutAScope() {
            assertThrows(NoActiveSessionException.class, Session::current);
            assertEquals(0, first.count());
        }

        @Test
        @Order(3)
        @Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
        void opensAndForgetsOnAThreadOfItsOwn(Sessions sessions, StoredSessions stored) {
            STORED.set(stored);
            sessions.open(null);
            Session.current().insert("a", 1);
        }

        @Test
        @Order(4)
        @Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SAME_THREAD)
        void startsWithoutAScopeAgain() {
            assertThrows(NoActiveSessionException.class, Session::current);
        }
    }

    @Test
    void theScopeFollowsTheTestMethodOntoATimeoutsOwnThread() {
        run(OnATimeoutThread.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertNotSame(OnATimeoutThread.lifecycle.get(), OnATimeoutThread.body.get());
        assertEquals(Map.of("a", "1"), STORED.get().onlyState());
    }

    @Fixture
    @ExtendWith(WeftExtension.class)
    static class OnATimeoutThread {
        static final AtomicReference<Thread> lifecycle = new AtomicReference<>();
        static final AtomicReference<Thread> body = new AtomicReference<>();

        OnATimeoutThread() {
            lifecycle.set(Thread.currentThread());
        }

        @Test
        @WithSession
        @Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
        void writes(StoredSessions stored) {
            body.set(Thread.currentThread());
            STORED.set(stored);
            Session.current().insert("a", 1);
        }
    }

    @Test
    void objectsMadePerTestAreRefusedWhereThereIsNoTest() {
        EngineExecutionResults results = run(AsksInBeforeAll.class);
        Throwable e = failure(results.containerEvents());
        assertInstanceOf(ParameterResolutionException.class, e);
        assertEquals("WeftExtension makes Sessions per test: ask for it in a test method, a @BeforeEach or @AfterEach"
                + " method, or the test constructor", e.getMessage());
    }

    @Fixture
    @ExtendWith(WeftExtension.class)
    static class AsksInBeforeAll {
        @BeforeAll
        static void before(Sessions sessions) {
        }

        @Test
        void test() {
        }
    }

    @Test
    void parametersTheTestsSetUpCannotGiveAreRefusedNamingTheOption() {
        EngineExecutionResults results = run(AsksForWhatItHasNot.class);
        results.testEvents().assertStatistics(stats -> stats.failed(2));
        List<String> messages = results.testEvents().failed().stream().map(WeftExtensionLifecycleTest::throwable)
                .map(Throwable::getMessage).sorted().toList();
        assertTrue(messages.get(0).startsWith("the test's store is InMemorySessionStore"), messages.get(0));
        assertTrue(messages.get(0).endsWith("not a HazelcastSessionStore: build the extension with embeddedMember()"),
                messages.get(0));
        assertTrue(messages.get(1).startsWith("this WeftExtension was built with clock(SystemClock"), messages.get(1));

        Throwable afterTheScope = failure(run(AsksForASessionAfterItsScope.class).testEvents());
        assertInstanceOf(ParameterResolutionException.class, afterTheScope);
        assertTrue(afterTheScope.getMessage().startsWith("the test's session scope has ended"),
                afterTheScope.getMessage());
    }

    @Fixture
    static class AsksForWhatItHasNot {
        @RegisterExtension
        static final WeftExtension weft = WeftExtension.builder().clock(Clock.systemUTC()).build();

        @Test
        void testClock(TestClock clock) {
        }

        @Test
        void hazelcastStore(HazelcastSessionStore store) {
        }
    }

    @Fixture
    @ExtendWith(WeftExtension.class)
    static class AsksForASessionAfterItsScope {
        @Test
        @WithSession
        void test() {
        }

        @AfterEach
        void after(Session session) {
        }
    }

    @Test
    void aTestTemplateGetsNewSessionsForEachInvocation() {
        run(Repeated.class).testEvents().assertStatistics(stats -> stats.succeeded(3));
    }

    @Fixture
    @ExtendWith(WeftExtension.class)
    static class Repeated {
        @RepeatedTest(3)
        @WithSession
        void eachInvocationHasANewSessionAndAnEmptyStore(StoredSessions stored) {
            assertEquals(0, stored.count());
            assertTrue(Session.current().isNew());
            Session.current().insert("a", 1);
        }
    }

    // ---- helpers ----

    static EngineExecutionResults run(Class<?> fixture) {
        STORED.set(null);
        return EngineTestKit.engine("junit-jupiter").configurationParameter(Fixture.PARAMETER, "true")
                .selectors(selectClass(fixture)).execute();
    }

    /** The failure of the one failed event among {@code events}. */
    static Throwable failure(Events events) {
        List<Event> failed = events.failed().list();
        assertEquals(1, failed.size(), () -> "failed events: " + failed);
        return throwable(failed.get(0));
    }

    static Throwable throwable(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }
}
