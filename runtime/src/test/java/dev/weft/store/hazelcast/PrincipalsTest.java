package dev.weft.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.session.Session;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionId;
import dev.weft.store.SessionInfo;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStoreException;
import dev.weft.store.UpdateException;
import dev.weft.testing.CountingStore;
import dev.weft.testing.MutableClock;
import dev.weft.testing.TestMembers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions by principal on two real members: the listing follows renewal, purge and expiry with
 * no stale entry, costs nothing to requests that do not change the principal, and the limit of
 * sessions per principal holds for two sign-ins on two members at once.
 */
class PrincipalsTest {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance first;
    private static HazelcastInstance second;
    private static final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void start() {
        first = members.startMember();
        second = members.startMember();
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
    }

    private Sessions sessions(HazelcastSessionStore store) {
        return Sessions.builder().withoutAgent().store(store).clock(clock).build();
    }

    private static String map() {
        return "principals-" + System.nanoTime();
    }

    private static SessionKey signIn(Sessions sessions, SessionKey key, String user) {
        SessionScope scope = sessions.open(key);
        try (scope) {
            Session.current().renew();
            Session.current().principal(user);
        }
        return scope.key().orElseThrow();
    }

    private static SessionKey anonymous(Sessions sessions) {
        SessionScope scope = sessions.open(null);
        try (scope) {
            Session.current().insert("cart", List.of("apple"));
        }
        return scope.key().orElseThrow();
    }

    private static Set<SessionId> ids(List<SessionInfo> infos) {
        return infos.stream().map(SessionInfo::id).collect(Collectors.toSet());
    }

    @Test
    void theListingFollowsRenewalPurgeAndExpiryWithNoStaleEntry() throws InterruptedException {
        String map = map();
        Sessions sessions = sessions(HazelcastSessionStore.builder(first).mapName(map).clock(clock).build());
        SessionKey laptop = signIn(sessions, anonymous(sessions), "ada");
        SessionKey phone = signIn(sessions, anonymous(sessions), "ada");
        signIn(sessions, anonymous(sessions), "grace");
        List<SessionInfo> ada = sessions.byPrincipal("ada");
        assertEquals(Set.of(laptop.id(), phone.id()), ids(ada));
        for (SessionInfo info : ada) {
            assertEquals(Optional.of("ada"), info.principal());
            assertTrue(info.created().isPresent(), "created is known");
            assertFalse(info.toString().contains(laptop.value()) || info.toString().contains(phone.value()),
                    "never a key: " + info);
        }

        SessionKey renewed = signIn(sessions, phone, "ada"); // signs in again on the phone
        assertEquals(Set.of(laptop.id(), renewed.id()), ids(sessions.byPrincipal("ada")), "the new key keeps it");

        try (SessionScope signOut = sessions.open(laptop)) {
            Session.current().purge();
        }
        assertEquals(Set.of(renewed.id()), ids(sessions.byPrincipal("ada")), "a purged session is gone at once");

        Sessions shortLived = Sessions.builder().withoutAgent().store(HazelcastSessionStore.builder(second).mapName(map)
                .clock(clock).build()).ttl(Duration.ofSeconds(1)).build();
        SessionKey expiring = signIn(shortLived, anonymous(shortLived), "ada");
        assertTrue(ids(sessions.byPrincipal("ada")).contains(expiring.id()));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ids(sessions.byPrincipal("ada")).contains(expiring.id())) { // Hazelcast's own expiry: a real wait
            assertTrue(System.nanoTime() < deadline, "the expired session was still listed");
            Thread.sleep(100);
        }
        assertEquals(Set.of(renewed.id()), ids(sessions.byPrincipal("ada")));
        assertEquals(1, sessions.byPrincipal("grace").size());
        assertEquals(List.of(), sessions.byPrincipal("nobody"));
    }

    @Test
    void invalidatingAPrincipalEndsAllItsSessionsAcrossTheCluster() {
        String map = map();
        Sessions viaFirst = sessions(HazelcastSessionStore.builder(first).mapName(map).clock(clock).build());
        Sessions viaSecond = sessions(HazelcastSessionStore.builder(second).mapName(map).clock(clock).build());
        SessionKey a = signIn(viaFirst, anonymous(viaFirst), "ada");
        SessionKey b = signIn(viaSecond, anonymous(viaSecond), "ada");
        SessionKey other = signIn(viaSecond, anonymous(viaSecond), "grace");
        assertEquals(2, viaSecond.invalidate("ada"));
        assertEquals(List.of(), viaFirst.byPrincipal("ada"));
        for (SessionKey ended : List.of(a, b)) {
            assertEquals(Optional.empty(), viaFirst.store().load(ended).toCompletableFuture().join());
            UpdateException refused = assertInstanceOf(UpdateException.class, assertThrows(java.util.concurrent
                    .CompletionException.class, () -> viaFirst.store().updateDelta(ended, Map.of("x", "1"), Set.of(),
                            Duration.ofMinutes(5)).toCompletableFuture().join()).getCause());
            assertEquals(SessionStoreException.Kind.ENDED, refused.kind(), "ended like a purge: its key is refused");
        }
        assertEquals(1, viaFirst.byPrincipal("grace").size());
        assertTrue(viaFirst.store().load(other).toCompletableFuture().join().isPresent());
        assertEquals(0, viaFirst.invalidate("ada"), "nothing left to end");
    }

    @Test
    void aRequestThatDoesNotChangeThePrincipalPaysNothingForIt() {
        String map = map();
        java.util.concurrent.atomic.AtomicInteger limitChecks = new java.util.concurrent.atomic.AtomicInteger();
        CountingStore store = new CountingStore(HazelcastSessionStore.builder(first).mapName(map).clock(clock)
                .maxSessionsPerPrincipal(3, PrincipalLimit.REFUSE_NEWER).afterLimitCheck(limitChecks::incrementAndGet)
                .build());
        Sessions sessions = Sessions.builder().withoutAgent().store(store).clock(clock).build();
        SessionKey key = signIn(sessions, anonymous(sessions), "ada");
        assertEquals(1, limitChecks.get(), "binding the principal checked the limit, under its lock");
        store.reset();
        try (SessionScope scope = sessions.open(key)) {
            assertEquals(Optional.of("ada"), Session.current().principal());
            Session.current().insert("theme", "dark");
        }
        assertEquals(List.of("loadAndUpdateTtl", "updateDelta"), store.calls(), "as without a principal");
        assertEquals(1, limitChecks.get(), "and neither the limit's lock nor its query was taken for it");
    }

    /**
     * Two sign-ins of one principal on two members at once, with at most one session: the first is
     * held between its check and its write while the second tries; exactly one session remains.
     */
    @Test
    void twoSimultaneousSignInsOnTwoMembersLeaveOneSessionWhenTheNewerIsRefused() throws Exception {
        String map = map();
        CountDownLatch checked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HazelcastSessionStore held = HazelcastSessionStore.builder(first).mapName(map).clock(clock)
                .maxSessionsPerPrincipal(1, PrincipalLimit.REFUSE_NEWER).afterLimitCheck(() -> {
                    checked.countDown();
                    await(release);
                }).build();
        HazelcastSessionStore other = HazelcastSessionStore.builder(second).mapName(map).clock(clock)
                .maxSessionsPerPrincipal(1, PrincipalLimit.REFUSE_NEWER).build();
        Sessions viaFirst = sessions(held);
        Sessions viaSecond = sessions(other);
        SessionKey laptop = anonymous(viaFirst);
        SessionKey phone = anonymous(viaSecond);
        Future<SessionKey> firstSignIn = threads.submit(() -> signIn(viaFirst, laptop, "ada"));
        assertTrue(checked.await(30, TimeUnit.SECONDS), "the first passed the check and holds the lock");
        Thread[] second = new Thread[1];
        Future<SessionKey> secondSignIn = threads.submit(() -> {
            second[0] = Thread.currentThread();
            return signIn(viaSecond, phone, "ada");
        });
        while (!waitsForTheLock(second[0])) { // the second is inside its binding, behind the first's lock
            assertFalse(secondSignIn.isDone(), "the second finished while the first held the principal");
            Thread.sleep(1);
        }
        release.countDown();
        SessionKey signedIn = firstSignIn.get();
        ExecutionException e = assertThrows(ExecutionException.class, secondSignIn::get);
        assertEquals(SessionStoreException.Kind.TOO_MANY_SESSIONS,
                assertInstanceOf(UpdateException.class, e.getCause()).kind());
        assertEquals(Set.of(signedIn.id()), ids(viaSecond.byPrincipal("ada")));
        assertEquals(Optional.of(Map.of("cart", "[\"apple\"]")).map(Map::keySet),
                viaSecond.store().load(phone).toCompletableFuture().join().map(state -> Set.of("cart")),
                "the refused sign-in left the phone's anonymous session as it was");
    }

    @Test
    void withEndOldestTheNewerSignInEndsTheOlderSession() {
        String map = map();
        Sessions viaFirst = sessions(HazelcastSessionStore.builder(first).mapName(map).clock(clock)
                .maxSessionsPerPrincipal(1, PrincipalLimit.END_OLDEST).build());
        Sessions viaSecond = sessions(HazelcastSessionStore.builder(second).mapName(map).clock(clock)
                .maxSessionsPerPrincipal(1, PrincipalLimit.END_OLDEST).build());
        SessionKey older = signIn(viaFirst, anonymous(viaFirst), "ada");
        clock.advance(Duration.ofMinutes(1));
        SessionKey newer = signIn(viaSecond, anonymous(viaSecond), "ada");
        assertEquals(Set.of(newer.id()), ids(viaFirst.byPrincipal("ada")));
        assertEquals(Optional.empty(), viaFirst.store().load(older).toCompletableFuture().join(), "the older ended");
        SessionKey again = signIn(viaFirst, newer, "ada"); // renewing one's own session is not one more
        assertEquals(Set.of(again.id()), ids(viaSecond.byPrincipal("ada")));
    }

    @Test
    void aSessionEndedToMakeRoomIsToldAsPurgedWithItsLastStateOnce() throws InterruptedException {
        String map = map();
        java.util.concurrent.BlockingQueue<dev.weft.session.SessionEvent> heard =
                new java.util.concurrent.LinkedBlockingQueue<>();
        dev.weft.session.SessionListener recording = new dev.weft.session.SessionListener() {
            @Override
            public void purged(dev.weft.session.SessionEvent event) {
                heard.add(event);
            }
        };
        Sessions viaFirst = Sessions.builder().withoutAgent().clock(clock).listener(recording)
                .store(HazelcastSessionStore.builder(first).mapName(map).clock(clock)
                        .maxSessionsPerPrincipal(1, PrincipalLimit.END_OLDEST).build()).build();
        Sessions viaSecond = Sessions.builder().withoutAgent().clock(clock).listener(recording)
                .store(HazelcastSessionStore.builder(second).mapName(map).clock(clock)
                        .maxSessionsPerPrincipal(1, PrincipalLimit.END_OLDEST).build()).build();
        try {
            SessionKey older = signIn(viaFirst, anonymous(viaFirst), "ada");
            clock.advance(Duration.ofMinutes(1));
            signIn(viaSecond, anonymous(viaSecond), "ada");
            dev.weft.session.SessionEvent event = heard.poll(30, TimeUnit.SECONDS);
            assertTrue(event != null, "the session ended to make room was told");
            assertEquals(older.id(), event.id());
            assertEquals(Optional.of("ada"), event.principal());
            assertEquals(Optional.of(List.of("apple")), event.get("cart", List.class),
                    "with its last state, so that what it held can be released");
            assertEquals(null, heard.poll(1, TimeUnit.SECONDS), "once, by the process whose sign-in made room");
        } finally {
            viaFirst.close();
            viaSecond.close();
        }
    }

    /** Whether {@code thread} is parked in a lock call (the principal's, the only lock on its way). */
    private static boolean waitsForTheLock(Thread thread) {
        return thread != null
                && (thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING)
                && java.util.Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("lock"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
