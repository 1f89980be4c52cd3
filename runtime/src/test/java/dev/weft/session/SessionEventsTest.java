package dev.weft.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.SessionId;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.testing.TestMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lifecycle events on three real members: created, renewed and purged from the request that did
 * it, expired from the member that held the session; each once in the cluster, on the listeners'
 * executor, never carrying a key. Hazelcast's own expiry is under test here, so these wait for
 * real time, with its expiry task tuned to sweep every second.
 */
class SessionEventsTest {

    /** Hazelcast's expiry task, tuned so that an expiry is noticed within about a second. */
    private static final Map<String, String> PROMPT_EXPIRY = Map.of(
            "hazelcast.internal.map.expiration.task.period.seconds", "1",
            "hazelcast.internal.map.expiration.cleanup.percentage", "100",
            "hazelcast.internal.map.expiration.cleanup.operation.count", "271");

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static final List<HazelcastInstance> cluster = new ArrayList<>();
    private static final ExecutorService listenerThread = Executors.newSingleThreadExecutor(
            task -> new Thread(task, "weft-listeners"));

    @BeforeAll
    static void start() {
        for (int i = 0; i < 3; i++) {
            cluster.add(members.startMember(PROMPT_EXPIRY));
        }
    }

    @AfterAll
    static void stop() {
        listenerThread.shutdownNow();
    }

    /** Records every event it hears, with the thread it ran on. */
    static final class Recording implements SessionListener {
        final List<SessionEvent> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final Map<SessionId, AtomicInteger> expired = new ConcurrentHashMap<>();

        private void record(SessionEvent event) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void created(SessionEvent event) {
            record(event);
        }

        @Override
        public void renewed(SessionEvent event) {
            record(event);
        }

        @Override
        public void purged(SessionEvent event) {
            record(event);
        }

        @Override
        public void expired(SessionEvent event) {
            expired.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
            record(event);
        }
    }

    private static Sessions sessions(HazelcastInstance member, String map, Recording listener, Duration ttl) {
        return Sessions.builder().withoutAgent().store(new HazelcastSessionStore(member, map)).ttl(ttl)
                .listener(listener).listenerExecutor(listenerThread).build();
    }

    @Test
    void createdRenewedAndPurgedAreToldOnceByTheRequestThatDidItOnTheListenersExecutor() throws Exception {
        String map = "events-" + System.nanoTime();
        Recording heard = new Recording();
        List<Sessions> all = new ArrayList<>();
        for (HazelcastInstance member : cluster) {
            all.add(sessions(member, map, heard, Duration.ofMinutes(5)));
        }
        SessionScope created = all.get(0).open(null);
        try (created) {
            Session.current().insert("cart", List.of("apple"));
        }
        SessionKey k1 = created.key().orElseThrow();
        SessionScope renewed = all.get(1).open(k1);
        try (renewed) {
            Session.current().renew();
            Session.current().principal("ada");
        }
        SessionKey k2 = renewed.key().orElseThrow();
        try (SessionScope purged = all.get(2).open(k2)) {
            Session.current().purge();
        }
        awaitEvents(heard, 3);
        List<SessionEvent> events = heard.events;
        assertEquals(List.of(SessionEvent.Type.CREATED, SessionEvent.Type.RENEWED, SessionEvent.Type.PURGED),
                events.stream().map(SessionEvent::type).toList(), "each once, though three members listen");
        assertEquals(k1.id(), events.get(0).id());
        assertEquals(k2.id(), events.get(1).id());
        assertEquals(Optional.of(k1.id()), events.get(1).previousId());
        assertEquals(Optional.of("ada"), events.get(1).principal());
        assertEquals(k2.id(), events.get(2).id());
        assertEquals(List.of("weft-listeners", "weft-listeners", "weft-listeners"), heard.threads);
        for (SessionEvent event : events) {
            assertFalse(event.toString().contains(k1.value()) || event.toString().contains(k2.value()), event.toString());
        }
        all.forEach(Sessions::close);
    }

    @Test
    void anExpiredEventCarriesTheLastStateToRelease() throws Exception {
        String map = "expiring-" + System.nanoTime();
        Recording heard = new Recording();
        List<Sessions> all = new ArrayList<>();
        for (HazelcastInstance member : cluster) {
            all.add(sessions(member, map, heard, Duration.ofSeconds(1)));
        }
        SessionScope scope = all.get(0).open(null);
        try (scope) {
            Session.current().insert("reserved", 3);
        }
        SessionKey key = scope.key().orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (heard.expired.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no expired event");
            Thread.sleep(50);
        }
        SessionEvent expired = heard.events.stream().filter(e -> e.type() == SessionEvent.Type.EXPIRED).findFirst()
                .orElseThrow();
        assertEquals(key.id(), expired.id());
        assertEquals(Optional.of(3), expired.get("reserved", Integer.class), "what the session held, to release");
        all.forEach(Sessions::close);
    }

    /**
     * The measurement the issue asks for: 1,000 sessions expire while a member leaves the class's
     * three (gracefully; then, a second round, by a crash): four members listen, three remain;
     * every delivery is counted per session.
     */
    @Test
    void aThousandSessionsExpiringWhileAMemberLeavesAreEachToldOnce() throws Exception {
        for (boolean crash : new boolean[] {false, true}) {
            String map = "thousand-" + crash + "-" + System.nanoTime();
            HazelcastInstance leaving = members.startMember(PROMPT_EXPIRY);
            List<HazelcastInstance> four = new ArrayList<>(cluster);
            four.add(leaving);
            Recording heard = new Recording();
            List<Sessions> all = new ArrayList<>();
            for (HazelcastInstance member : four) {
                all.add(sessions(member, map, heard, Duration.ofSeconds(2)));
            }
            HazelcastSessionStore store = new HazelcastSessionStore(cluster.get(0), map);
            List<SessionId> ids = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ids.add(store.blocking().save(Map.of("n", String.valueOf(i)), Duration.ofSeconds(2 + i % 2)).id());
            }
            Thread.sleep(2_500); // into the expiry window: some expired and told, most not
            if (crash) {
                leaving.getLifecycleService().terminate();
            } else {
                leaving.shutdown();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (heard.expired.size() < ids.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long duplicated = heard.expired.values().stream().filter(count -> count.get() > 1).count();
            long lost = ids.stream().filter(id -> !heard.expired.containsKey(id)).count();
            System.out.printf("expired events, a member %s mid-expiry: %d sessions, %d told, %d told twice or more,"
                    + " %d never told%n", crash ? "crashed" : "left", ids.size(), heard.expired.size(), duplicated, lost);
            assertEquals(0, duplicated, "no session is told twice, even after a crash");
            if (!crash) {
                assertEquals(0, lost, "a member that leaves gracefully loses no expiry");
            }
            for (Sessions sessions : all.subList(0, 3)) {
                sessions.close();
            }
        }
    }

    private static void awaitEvents(Recording heard, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (heard.events.size() < count) {
            assertTrue(System.nanoTime() < deadline, "heard " + heard.events);
            Thread.sleep(20);
        }
        Thread.sleep(200); // and no more than that: a second telling would arrive meanwhile
    }
}
