package dev.weft.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.weft.store.LoadException;
import dev.weft.store.SaveException;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.SessionStoreException.Kind;
import dev.weft.store.UpdateException;
import dev.weft.store.hazelcast.internal.StoredState;
import dev.weft.testing.BlockingAsStages;
import dev.weft.testing.TestMembers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the Hazelcast store promises beyond the contract: its stored form, TTLs and key collisions. */
class HazelcastSessionStoreTest {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;
    private static final Duration TTL = Duration.ofMinutes(5);

    @BeforeAll
    static void start() {
        member = members.startMember();
    }

    private static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static IMap<String, Object> map(String name) {
        return member.getMap(name);
    }

    @Test
    void defaultMapIsWeftSessions() {
        assertEquals("weft.sessions", new HazelcastSessionStore(member).mapName());
        assertEquals("custom", new HazelcastSessionStore(member, "custom").mapName());
    }

    @Test
    void stateIsStampedBytesWithTheRoundedPerEntryTtl() {
        HazelcastSessionStore store = HazelcastSessionStore.builder(member).mapName("stored-form")
                .ttlExtensionWindow(0).build();
        long before = System.currentTimeMillis();
        SessionKey key = await(store.save(Map.of("a", "1"), Duration.ofMillis(1500)));
        byte[] stored = (byte[]) map("stored-form").get(key.value());
        assertEquals(2 + 8 + 4, stored.length, "format, stamp, then key and value with their lengths");
        assertArrayEquals(new byte[] {'W', 1}, Arrays.copyOf(stored, 2), "format");
        long stamp = ByteBuffer.wrap(stored, 2, 8).getLong();
        assertTrue(stamp >= before && stamp <= System.currentTimeMillis(), "the stamp is when the TTL was set");
        assertArrayEquals(new byte[] {1, 'a', 1, '1'}, Arrays.copyOfRange(stored, 10, 14));
        EntryView<String, Object> entry = map("stored-form").getEntryView(key.value());
        assertEquals(3000, entry.getTtl(), "1.5 s rounds up to 2 s, plus 1 s for Hazelcast's early expiry");

        await(store.updateTtl(key, Duration.ofSeconds(60)));
        assertEquals(61_000, map("stored-form").getEntryView(key.value()).getTtl());
        await(store.updateDelta(key, Map.of("b", "2"), Set.of(), Duration.ofSeconds(10)));
        assertEquals(11_000, map("stored-form").getEntryView(key.value()).getTtl());
        await(store.update(key, Map.of("c", "3"), Duration.ofSeconds(20)));
        assertEquals(21_000, map("stored-form").getEntryView(key.value()).getTtl());
        await(store.loadAndUpdateTtl(key, Duration.ofSeconds(30)));
        assertEquals(31_000, map("stored-form").getEntryView(key.value()).getTtl());
    }

    @Test
    void loadSkipsTheTtlResetWithinTheWindowOnly() throws InterruptedException {
        HazelcastSessionStore store = HazelcastSessionStore.builder(member).mapName("window")
                .ttlExtensionWindow(0.25).build();
        Duration ttl = Duration.ofSeconds(2);
        SessionKey key = await(store.save(Map.of("a", "1"), ttl));
        long stamp = StoredState.stamp((byte[]) map("window").get(key.value()));
        assertEquals(Optional.of(Map.of("a", "1")), await(store.loadAndUpdateTtl(key, ttl)));
        assertEquals(stamp, StoredState.stamp((byte[]) map("window").get(key.value())), "within 25% of 2 s: no write");
        Thread.sleep(600);
        assertEquals(Optional.of(Map.of("a", "1")), await(store.loadAndUpdateTtl(key, ttl)));
        long later = StoredState.stamp((byte[]) map("window").get(key.value()));
        assertTrue(later >= stamp + 500, "beyond the window the TTL is reset");
        assertThrows(IllegalArgumentException.class, () -> HazelcastSessionStore.builder(member).ttlExtensionWindow(0.6));
        assertThrows(IllegalArgumentException.class, () -> HazelcastSessionStore.builder(member).ttlExtensionWindow(-0.1));
    }

    @Test
    void ttlRoundingKeepsTheOneSecondPromise() {
        assertEquals(2000, StoredState.hazelcastTtlMillis(Duration.ofMillis(1)));
        assertEquals(2000, StoredState.hazelcastTtlMillis(Duration.ofSeconds(1)));
        assertEquals(3000, StoredState.hazelcastTtlMillis(Duration.ofMillis(1001)));
        assertEquals(1801_000, StoredState.hazelcastTtlMillis(Duration.ofMinutes(30)));
        assertEquals((long) Integer.MAX_VALUE * 1000, StoredState.hazelcastTtlMillis(Duration.ofDays(365L * 1000)));
    }

    /** The store itself, or its blocking view as stages: both must behave the same. */
    private static SessionStore form(HazelcastSessionStore store, boolean blocking) {
        return blocking ? BlockingAsStages.of(store) : store;
    }

    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {false, true})
    void undecodableValueFailsLoadAndIsLeftUntouched(boolean blocking) {
        SessionStore store = form(new HazelcastSessionStore(member, "corrupt"), blocking);
        IMap<String, Object> raw = map("corrupt");
        List<Object> bad = List.of("a plain string", 42, new String[] {"1", "k", "v"}, new byte[0],
                new byte[] {'W', 1, 0}, new byte[] {'W', 2, 0, 0, 0, 0, 0, 0, 0, 0},
                new byte[] {'W', 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'k'},
                new byte[] {'W', 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'k', 5, 'v'},
                new byte[] {'W', 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'k', 1, (byte) 0xff});
        for (Object value : bad) {
            SessionKey key = SessionKey.generate();
            raw.set(key.value(), value, 100, java.util.concurrent.TimeUnit.SECONDS);
            for (CompletionStage<?> load : List.of(store.load(key), store.loadAndUpdateTtl(key, TTL))) {
                CompletionException e = assertThrows(CompletionException.class, () -> await(load));
                LoadException failure = assertInstanceOf(LoadException.class, e.getCause());
                assertEquals(Kind.DESERIALIZATION, failure.kind());
                assertTrue(failure.getMessage().contains("left as it is"), failure.getMessage());
            }
            CompletionException e = assertThrows(CompletionException.class,
                    () -> await(store.updateDelta(key, Map.of("x", "1"), Set.of(), TTL)));
            assertEquals(Kind.DESERIALIZATION, assertInstanceOf(UpdateException.class, e.getCause()).kind());
            Object stillThere = raw.get(key.value());
            assertTrue(Objects.deepEquals(value, stillThere), "the value is left as it was");
            assertEquals(100_000, raw.getEntryView(key.value()).getTtl(), "the TTL is not touched either");
        }
    }

    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {false, true})
    void saveNeverOverwritesATakenKey(boolean blocking) {
        SessionKey taken = SessionKey.generate();
        SessionKey free = SessionKey.generate();
        Deque<SessionKey> keys = new ArrayDeque<>(List.of(taken, taken, free));
        SessionStore store = form(HazelcastSessionStore.builder(member).mapName("collisions")
                .keys(keys::poll).build(), blocking);
        map("collisions").set(taken.value(), alice());
        SessionKey saved = await(store.save(Map.of("owner", "\"mallory\""), TTL));
        assertEquals(free, saved);
        assertNotEquals(taken, saved);
        assertEquals(Optional.of(Map.of("owner", "\"alice\"")), await(store.load(taken)));
        assertEquals(Optional.of(Map.of("owner", "\"mallory\"")), await(store.load(free)));
    }

    /** What makes a save safe to repeat when an interrupt cut its wait short (blocking view). */
    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {false, true})
    void aSaveMadeAgainUnderItsOwnKeyKeepsThatKey(boolean blocking) {
        SessionKey key = SessionKey.generate();
        SessionStore store = form(HazelcastSessionStore.builder(member).mapName("repeated" + blocking)
                .keys(() -> key).build(), blocking);
        map("repeated" + blocking).set(key.value(), alice());
        assertEquals(key, await(store.save(Map.of("owner", "\"alice\""), TTL)), "the same state: the same save");
        assertEquals(TTL.toMillis() + 1000, map("repeated" + blocking).getEntryView(key.value()).getTtl());
    }

    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {false, true})
    void saveGivesUpWhenEveryKeyIsTakenAndOverwritesNothing(boolean blocking) {
        SessionKey taken = SessionKey.generate();
        SessionStore store = form(HazelcastSessionStore.builder(member).mapName("all-taken" + blocking)
                .keys(() -> taken).build(), blocking);
        map("all-taken" + blocking).set(taken.value(), alice());
        CompletionException e = assertThrows(CompletionException.class,
                () -> await(store.save(Map.of("owner", "\"mallory\""), TTL)));
        SaveException failure = assertInstanceOf(SaveException.class, e.getCause());
        assertEquals(Kind.OTHER, failure.kind());
        assertTrue(failure.getMessage().contains("every generated key was taken (8 attempts)"), failure.getMessage());
        assertEquals(Optional.of(Map.of("owner", "\"alice\"")), await(store.load(taken)));
        assertEquals(1, map("all-taken" + blocking).size());
    }

    /** A session stored long ago (stamp 0) whose owner is alice. */
    private static byte[] alice() {
        return StoredState.stamped(StoredState.encode(Map.of("owner", "\"alice\"")), 0);
    }

    @Test
    void blockingViewIsOneSharedObjectAndNamesItsMap() {
        HazelcastSessionStore store = new HazelcastSessionStore(member, "named");
        assertSame(store.blocking(), store.blocking());
        assertEquals("blocking view of HazelcastSessionStore[map=named]", store.blocking().toString());
    }

    @Test
    void builderRejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> HazelcastSessionStore.builder(member).mapName(" "));
        assertThrows(IllegalArgumentException.class, () -> HazelcastSessionStore.builder(member).maxStateBytes(0));
        assertThrows(NullPointerException.class, () -> HazelcastSessionStore.builder(null));
    }
}
