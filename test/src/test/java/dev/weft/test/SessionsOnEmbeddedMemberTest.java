package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.session.Session;
import dev.weft.session.SessionEvent;
import dev.weft.session.SessionListener;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionId;
import dev.weft.store.SessionInfo;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.store.hazelcast.SessionMergePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A test's {@link Sessions} on the extension's embedded member can do what they do in production:
 * find and end sessions by principal, tell listeners of expiries, count the member's entries.
 * Hazelcast's expiry runs in real time here, with its expiry task tuned to sweep every second.
 */
@SuppressWarnings("try") // a scope binds its session to the thread: Session.current() uses it, the body need not
class SessionsOnEmbeddedMemberTest {

    static final List<SessionEvent> EXPIRED = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final WeftExtension weft = WeftExtension.builder()
            .embeddedMember(SessionsOnEmbeddedMemberTest::promptExpiryOnTestPorts)
            .sessions(sessions -> sessions.listener(new SessionListener() {
                @Override
                public void expired(SessionEvent event) {
                    EXPIRED.add(event);
                }
            }))
            .build();

    static void promptExpiryOnTestPorts(com.hazelcast.config.Config config) {
        config.getNetworkConfig().setPort(5761).setPortCount(9);
        config.setProperty("hazelcast.internal.map.expiration.task.period.seconds", "1");
        config.setProperty("hazelcast.internal.map.expiration.cleanup.percentage", "100");
        config.setProperty("hazelcast.internal.map.expiration.cleanup.operation.count", "271");
    }

    /** Commits a new session bound to {@code principal} and returns its key. */
    static SessionKey signedIn(Sessions sessions, String principal) {
        SessionScope scope = sessions.open(null);
        try (scope) {
            Session.current().principal(principal);
            Session.current().insert("cart", List.of("apple"));
        }
        return scope.key().orElseThrow();
    }

    @Test
    void byPrincipalListsTheSessionsBoundToThePrincipal(Sessions sessions) {
        SessionKey alice = signedIn(sessions, "alice");
        signedIn(sessions, "bob");
        List<SessionInfo> found = sessions.byPrincipal("alice");
        assertEquals(List.of(alice.id()), found.stream().map(SessionInfo::id).toList());
        assertEquals(Optional.of("alice"), found.get(0).principal());
        assertEquals(List.of(), sessions.byPrincipal("carol"));
    }

    @Test
    void invalidateEndsEverySessionOfThePrincipal(Sessions sessions, StoredSessions stored) {
        SessionKey first = signedIn(sessions, "alice");
        SessionKey second = signedIn(sessions, "alice");
        SessionKey bob = signedIn(sessions, "bob");
        assertEquals(2, sessions.invalidate("alice"));
        assertEquals(List.of(bob), stored.keys(), "alice's keys load nothing any more");
        assertEquals(List.of(), sessions.byPrincipal("alice"));
        try (SessionScope scope = sessions.open(first)) {
            assertTrue(Session.current().isNew(), "the ended key starts a new session");
        }
        assertFalse(stored.keys().contains(second));
    }

    @Test
    void listenersAreToldOfAnExpiredSession(Sessions sessions) throws InterruptedException {
        SessionScope scope = sessions.open(null);
        try (scope) {
            Session.current().principal("dave");
            Session.current().idleTimeout(Duration.ofSeconds(1));
        }
        SessionId id = scope.key().orElseThrow().id();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (EXPIRED.stream().noneMatch(event -> event.id().equals(id))) {
            assertTrue(System.nanoTime() < deadline, "no expiry was told within 30 s");
            Thread.sleep(50);
        }
        SessionEvent told = EXPIRED.stream().filter(event -> event.id().equals(id)).findFirst().orElseThrow();
        assertEquals(Optional.of("dave"), told.principal());
    }

    @Test
    void theStoreCountsTheMembersEntriesForTheGauge(Sessions sessions) {
        signedIn(sessions, "alice");
        signedIn(sessions, "bob");
        assertEquals(OptionalLong.of(2), sessions.store().localEntryCount());
    }

    @Test
    void theSessionMapIsConfiguredAsInProduction(HazelcastSessionStore store) {
        var map = store.hazelcast().getConfig().findMapConfig(store.mapName());
        assertEquals(SessionMergePolicy.class.getName(), map.getMergePolicyConfig().getPolicy());
        assertTrue(map.getIndexConfigs().stream()
                .anyMatch(index -> index.getAttributes().equals(List.of("weftPrincipal"))), map.toString());
        var told = store.hazelcast().getConfig().findMapConfig(store.mapName() + ".expired");
        assertEquals(List.of(), told.getIndexConfigs(), "the record of expiries told is no session map");
    }

    /** What each test leaves on the class's member: nothing. */
    @Test
    void aTestLeavesNothingOnTheMember() {
        STORES.clear();
        WeftExtensionLifecycleTest.run(ExpiryThenNext.class).testEvents().assertStatistics(stats -> stats.succeeded(2));
    }

    static final List<HazelcastSessionStore> STORES = new CopyOnWriteArrayList<>();

    @Fixture
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ExpiryThenNext {
        static final Set<SessionId> HEARD = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @RegisterExtension
        static final WeftExtension weft = WeftExtension.builder()
                .embeddedMember(SessionsOnEmbeddedMemberTest::promptExpiryOnTestPorts)
                .sessions(sessions -> sessions.listener(new SessionListener() {
                    @Override
                    public void expired(SessionEvent event) {
                        HEARD.add(event.id());
                    }
                }))
                .build();

        @Test
        @Order(1)
        void anExpiryIsTold(Sessions sessions, HazelcastSessionStore store) throws InterruptedException {
            STORES.add(store);
            SessionScope scope = sessions.open(null);
            try (scope) {
                Session.current().idleTimeout(Duration.ofSeconds(1));
            }
            SessionId id = scope.key().orElseThrow().id();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!HEARD.contains(id)) {
                assertTrue(System.nanoTime() < deadline, "no expiry was told within 30 s");
                Thread.sleep(50);
            }
        }

        @Test
        @Order(2)
        void theMapsOfTheTestBeforeAreGone(HazelcastSessionStore store) {
            HazelcastInstance member = store.hazelcast();
            String before = STORES.get(0).mapName();
            Set<String> names = member.getDistributedObjects().stream().map(DistributedObject::getName)
                    .collect(Collectors.toSet());
            assertFalse(names.contains(before), names.toString());
            assertFalse(names.contains(before + ".expired"), "the record of expiries told: " + names);
        }
    }
}
