package dev.weft.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.annotation.SessionScoped;
import dev.weft.session.internal.SessionBridge;
import dev.weft.session.internal.SessionField;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.testing.TestMembers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One session used through two members at once, and TTL extension seen in the store. */
class TwoMemberSessionsTest {

    static class Counters {
        @SessionScoped int left;
        @SessionScoped int right;
        static final SessionField LEFT = SessionBridge.field(Counters.class, "left");
        static final SessionField RIGHT = SessionBridge.field(Counters.class, "right");
    }

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance first;
    private static HazelcastInstance second;

    @BeforeAll
    static void start() {
        first = members.startMember();
        second = members.startMember();
    }

    @Test
    void concurrentScopesOnTwoMembersChangingDifferentKeysLoseNothing() throws Exception {
        Sessions viaFirst = Sessions.builder().withoutAgent().store(new HazelcastSessionStore(first)).build();
        Sessions viaSecond = Sessions.builder().withoutAgent().store(new HazelcastSessionStore(second)).build();
        SessionScope creating = viaFirst.open(null);
        try (creating) {
            Session.current().insert("owner", "alice");
        }
        SessionKey key = creating.key().orElseThrow();
        int rounds = 1000;
        Counters counters = new Counters();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> left = threads.submit(incrementing(viaFirst, key, counters, Counters.LEFT, rounds));
            Future<?> right = threads.submit(incrementing(viaSecond, key, counters, Counters.RIGHT, rounds));
            left.get();
            right.get();
        } finally {
            threads.shutdownNow();
        }
        Map<String, String> state = new java.util.HashMap<>(new HazelcastSessionStore(second).load(key)
                .toCompletableFuture().join().orElseThrow());
        state.remove("@created");
        assertEquals(Map.of("owner", "\"alice\"",
                Counters.LEFT.stateKey(), String.valueOf(rounds),
                Counters.RIGHT.stateKey(), String.valueOf(rounds)), state);
    }

    private static Callable<Void> incrementing(Sessions sessions, SessionKey key, Counters counters,
            SessionField field, int rounds) {
        return () -> {
            for (int i = 0; i < rounds; i++) {
                SessionScope scope = sessions.open(key);
                try (scope) {
                    SessionBridge.setInt(counters, SessionBridge.getInt(counters, field) + 1, field);
                }
                assertEquals(Optional.of(key), scope.key());
            }
            return null;
        };
    }

    @Test
    void readOnlyRequestsExtendTheSessionOnlyOnEveryRequest() throws InterruptedException {
        HazelcastSessionStore store = new HazelcastSessionStore(first);
        Duration ttl = Duration.ofSeconds(2);
        Sessions sliding = Sessions.builder().withoutAgent().store(store).ttl(ttl).build();
        Sessions onChanges = Sessions.builder().withoutAgent().store(store).ttl(ttl)
                .ttlExtension(TtlExtensionPolicy.ON_STATE_CHANGES).build();
        SessionKey slidingKey = saved(sliding);
        SessionKey fixedKey = saved(onChanges);
        long saved = System.nanoTime();
        Thread.sleep(1500);
        for (Sessions s : new Sessions[] {sliding, onChanges}) {
            SessionKey key = s == sliding ? slidingKey : fixedKey;
            try (SessionScope scope = s.open(key)) {
                assertEquals(Optional.of("v"), Session.current().get("k", String.class));
            }
        }
        // Past the first TTL + 1 s grace, but within the TTL counted from the read.
        long wait = Duration.ofMillis(3200).toNanos() - (System.nanoTime() - saved);
        Thread.sleep(Math.max(0, wait / 1_000_000));
        assertEquals("\"v\"", store.load(slidingKey).toCompletableFuture().join().orElseThrow().get("k"));
        assertEquals(Optional.empty(), store.load(fixedKey).toCompletableFuture().join());
    }

    private static SessionKey saved(Sessions sessions) {
        SessionScope scope = sessions.open(null);
        try (scope) {
            Session.current().insert("k", "v");
        }
        return scope.key().orElseThrow();
    }
}
