package dev.weft.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.weft.testing.MutableClock;
import dev.weft.testing.TestMembers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the Hazelcast store promises beyond the contract: digests for keys, its stored form and
 * TTLs, format 1 read and upgraded, renewal steps, key collisions.
 */
class HazelcastSessionStoreTest {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;
    private static final Duration TTL = Duration.ofMinutes(5);
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void start() {
        member = members.startMember();
    }

    private static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static IMap<byte[], Object> map(String name) {
        return member.getMap(name);
    }

    private static byte[] raw(String map, SessionKey key) {
        return (byte[]) map(map).get(key.id().toBytes());
    }

    private HazelcastSessionStore.Builder builder(String map) {
        return HazelcastSessionStore.builder(member).mapName(map).clock(clock);
    }

    /** The store itself, or its blocking view as stages: both must behave the same. */
    private static SessionStore form(HazelcastSessionStore store, boolean blocking) {
        return blocking ? BlockingAsStages.of(store) : store;
    }

    @Test
    void defaultMapIsWeftSessions() {
        assertEquals("weft.sessions", new HazelcastSessionStore(member).mapName());
        assertEquals("custom", new HazelcastSessionStore(member, "custom").mapName());
    }

    @Test
    void theMapHoldsDigestsOfKeysNeverTheKeys() {
        HazelcastSessionStore store = builder("digests").build();
        SessionKey kept = await(store.save(Map.of("a", "1"), TTL));
        SessionKey renewedAway = await(store.save(Map.of("b", "2"), TTL));
        SessionKey renewed = await(store.renew(renewedAway, Map.of(), Set.of(), TTL));
        SessionKey purged = await(store.save(Map.of("c", "3"), TTL));
        await(store.delete(purged));
        IMap<byte[], Object> map = map("digests");
        assertEquals(4, map.size(), "three sessions and a tombstone... of four keys");
        for (byte[] mapKey : map.keySet()) {
            assertEquals(32, mapKey.length, "a SHA-256 digest");
        }
        for (SessionKey key : List.of(kept, renewedAway, renewed, purged)) {
            assertTrue(map.containsKey(key.id().toBytes()));
            byte[] text = key.value().getBytes(StandardCharsets.US_ASCII);
            for (Map.Entry<byte[], Object> entry : map.entrySet()) {
                assertFalse(contains(entry.getKey(), text) || contains((byte[]) entry.getValue(), text),
                        "no stored key or value holds a session key's text");
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aStateIsFormat2StampedByTheClockWithTheRoundedPerEntryTtl() {
        HazelcastSessionStore store = builder("stored-form").ttlExtensionWindow(0).build();
        SessionKey key = await(store.save(Map.of("a", "1"), Duration.ofMillis(1500)));
        byte[] stored = raw("stored-form", key);
        assertArrayEquals(new byte[] {'W', 2, StoredState.LIVE}, Arrays.copyOf(stored, 3), "format, live");
        assertEquals(clock.millis(), ByteBuffer.wrap(stored, 3, 8).getLong(), "the stamp is the store's clock");
        assertEquals(Map.of("a", "1"), StoredState.decode(stored));
        EntryView<byte[], Object> entry = map("stored-form").getEntryView(key.id().toBytes());
        assertEquals(3000, entry.getTtl(), "1.5 s rounds up to 2 s, plus 1 s for Hazelcast's early expiry");

        await(store.updateTtl(key, Duration.ofSeconds(60)));
        assertEquals(61_000, ttl("stored-form", key));
        await(store.updateDelta(key, Map.of("b", "2"), Set.of(), Duration.ofSeconds(10)));
        assertEquals(11_000, ttl("stored-form", key));
        await(store.update(key, Map.of("c", "3"), Duration.ofSeconds(20)));
        assertEquals(21_000, ttl("stored-form", key));
        await(store.loadAndUpdateTtl(key, Duration.ofSeconds(30)));
        assertEquals(31_000, ttl("stored-form", key));
        await(store.updateDelta(key, Map.of("@idle", "90000"), Set.of(), Duration.ofSeconds(10)));
        assertEquals(91_000, ttl("stored-form", key), "the session's own idle timeout wins over the TTL given");
        long deadline = clock.millis() + 45_000;
        await(store.updateDelta(key, Map.of("@deadline", Long.toString(deadline)), Set.of(), TTL));
        assertEquals(45_000, ttl("stored-form", key), "no TTL outlives the deadline");
        await(store.delete(key));
        assertEquals(HazelcastSessionStore.DEFAULT_TOMBSTONE_GRACE.plusSeconds(1).toMillis(), ttl("stored-form", key),
                "a tombstone lives for the grace");
    }

    private static long ttl(String map, SessionKey key) {
        return map(map).getEntryView(key.id().toBytes()).getTtl();
    }

    @Test
    void aLoadSkipsTheTtlResetWithinTheWindowOnly() {
        HazelcastSessionStore store = builder("window").ttlExtensionWindow(0.25).build();
        Duration ttl = Duration.ofSeconds(2);
        SessionKey key = await(store.save(Map.of("a", "1"), ttl));
        long stamp = StoredState.stamp(raw("window", key));
        clock.advance(Duration.ofMillis(499));
        assertEquals(Optional.of(Map.of("a", "1")), await(store.loadAndUpdateTtl(key, ttl)));
        assertEquals(stamp, StoredState.stamp(raw("window", key)), "within 25% of 2 s: no write");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.of(Map.of("a", "1")), await(store.loadAndUpdateTtl(key, ttl)));
        assertEquals(stamp + 500, StoredState.stamp(raw("window", key)), "at the window's end the TTL is reset");
        assertThrows(IllegalArgumentException.class, () -> HazelcastSessionStore.builder(member).ttlExtensionWindow(0.6));
        assertThrows(IllegalArgumentException.class, () -> HazelcastSessionStore.builder(member).ttlExtensionWindow(-0.1));
    }

    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {false, true})
    void aValueWeftDoesNotReadFailsAndIsLeftUntouched(boolean blocking) {
        SessionStore store = form(builder("corrupt").build(), blocking);
        IMap<byte[], Object> raw = map("corrupt");
        byte[] future = StoredState.live(StoredState.encode(Map.of("k", "v")), 0);
        future[1] = 3; // a format a newer Weft might write
        List<Object> bad = List.of("a plain string", 42, new String[] {"1", "k", "v"}, new byte[0],
                new byte[] {'W', 1, 0}, future, Arrays.copyOf(future, 15),
                new byte[] {'W', 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'k'},
                new byte[] {'W', 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'k', 1, (byte) 0xff});
        for (Object value : bad) {
            SessionKey key = SessionKey.generate();
            raw.set(key.id().toBytes(), value, 100, TimeUnit.SECONDS);
            for (CompletionStage<?> load : List.of(store.load(key), store.loadAndUpdateTtl(key, TTL))) {
                CompletionException e = assertThrows(CompletionException.class, () -> await(load));
                LoadException failure = assertInstanceOf(LoadException.class, e.getCause());
                assertEquals(Kind.DESERIALIZATION, failure.kind());
                assertTrue(failure.getMessage().contains("left as it is"), failure.getMessage());
            }
            for (CompletionStage<?> write : List.of(store.updateDelta(key, Map.of("x", "1"), Set.of(), TTL),
                    store.renew(key, Map.of("x", "1"), Set.of(), TTL))) {
                CompletionException e = assertThrows(CompletionException.class, () -> await(write));
                assertEquals(Kind.DESERIALIZATION, assertInstanceOf(UpdateException.class, e.getCause()).kind());
            }
            await(store.updateTtl(key, TTL));
            assertTrue(Objects.deepEquals(value, raw.get(key.id().toBytes())), "the value is left as it was");
            assertEquals(100_000, raw.getEntryView(key.id().toBytes()).getTtl(), "the TTL is not touched either");
        }
    }

    /** A session the previous version wrote (format 1) is read, updated, renewed and ended by this one. */
    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {false, true})
    void aSessionInFormat1IsReadAndUpgradedByTheFirstWrite(boolean blocking) {
        SessionStore store = form(builder("format1-" + blocking).build(), blocking);
        IMap<byte[], Object> raw = map("format1-" + blocking);
        SessionKey key = SessionKey.generate();
        Map<String, String> state = Map.of("user", "\"alice\"", "cart", "[\"b\u00e9ret\"]");
        raw.set(key.id().toBytes(), format1(state, clock.millis() - 60_000), 100, TimeUnit.SECONDS);
        assertEquals(Optional.of(state), await(store.load(key)));
        assertEquals(Optional.of(state), await(store.loadAndUpdateTtl(key, TTL)), "restamped: now format 2");
        assertEquals(2, ((byte[]) raw.get(key.id().toBytes()))[1]);

        SessionKey other = SessionKey.generate();
        raw.set(other.id().toBytes(), format1(state, 0), 100, TimeUnit.SECONDS);
        assertEquals(other, await(store.updateDelta(other, Map.of("theme", "\"dark\""), Set.of("cart"), TTL)));
        assertEquals(Optional.of(Map.of("user", "\"alice\"", "theme", "\"dark\"")), await(store.load(other)));
        SessionKey renewed = await(store.renew(other, Map.of(), Set.of(), TTL));
        assertEquals(Optional.of(Map.of("user", "\"alice\"", "theme", "\"dark\"")), await(store.load(renewed)));

        SessionKey third = SessionKey.generate();
        raw.set(third.id().toBytes(), format1(state, 0), 100, TimeUnit.SECONDS);
        await(store.delete(third));
        assertEquals(Kind.ENDED, assertInstanceOf(UpdateException.class, assertThrows(CompletionException.class,
                () -> await(store.update(third, state, TTL))).getCause()).kind());
    }

    private static byte[] format1(Map<String, String> state, long stamp) {
        byte[] pairs = StoredState.encode(state);
        return ByteBuffer.allocate(10 + pairs.length).put((byte) 'W').put((byte) 1).putLong(stamp).put(pairs).array();
    }

    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {false, true})
    void saveNeverOverwritesATakenKey(boolean blocking) {
        SessionKey taken = SessionKey.generate();
        SessionKey free = SessionKey.generate();
        Deque<SessionKey> keys = new ArrayDeque<>(List.of(taken, taken, free));
        SessionStore store = form(builder("collisions" + blocking).keys(keys::poll).build(), blocking);
        map("collisions" + blocking).set(taken.id().toBytes(), alice());
        SessionKey saved = await(store.save(Map.of("owner", "\"mallory\""), TTL));
        assertEquals(free, saved);
        assertEquals(Optional.of(Map.of("owner", "\"alice\"")), await(store.load(taken)));
        assertEquals(Optional.of(Map.of("owner", "\"mallory\"")), await(store.load(free)));
    }

    /** What makes a save safe to repeat when an interrupt cut its wait short (blocking view): the same step finds its own write. */
    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {false, true})
    void aSaveMadeAgainFindsItsOwnWrite(boolean blocking) {
        SessionKey key = SessionKey.generate();
        SessionStore store = form(builder("repeated" + blocking).keys(() -> key).build(), blocking);
        map("repeated" + blocking).set(key.id().toBytes(), StoredState.live(StoredState.encode(
                Map.of("owner", "\"alice\"")), clock.millis()));
        assertEquals(key, await(store.save(Map.of("owner", "\"alice\""), TTL)), "the same bytes: the same save");
        clock.advance(Duration.ofMillis(1));
        assertThrows(CompletionException.class, () -> await(store.save(Map.of("owner", "\"alice\""), TTL)),
                "a save at another time is another session: every key is taken");
    }

    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {false, true})
    void saveGivesUpWhenEveryKeyIsTakenAndOverwritesNothing(boolean blocking) {
        SessionKey taken = SessionKey.generate();
        SessionStore store = form(builder("all-taken" + blocking).keys(() -> taken).build(), blocking);
        map("all-taken" + blocking).set(taken.id().toBytes(), alice());
        CompletionException e = assertThrows(CompletionException.class,
                () -> await(store.save(Map.of("owner", "\"mallory\""), TTL)));
        SaveException failure = assertInstanceOf(SaveException.class, e.getCause());
        assertEquals(Kind.OTHER, failure.kind());
        assertTrue(failure.getMessage().contains("every generated key was taken (8 attempts)"), failure.getMessage());
        assertEquals(Optional.of(Map.of("owner", "\"alice\"")), await(store.load(taken)));
        assertEquals(1, map("all-taken" + blocking).size());
    }

    /** A session stored long ago whose owner is alice. */
    private static byte[] alice() {
        return StoredState.live(StoredState.encode(Map.of("owner", "\"alice\"")), 0);
    }

    // ---- renewal, step by step ----

    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {false, true})
    void aWriteBetweenARenewalsStepsIsRefusedAndAWriteBeforeMovesWithIt(boolean blocking) {
        List<Kind> between = new CopyOnWriteArrayList<>();
        SessionKey[] old = new SessionKey[1];
        HazelcastSessionStore[] store = new HazelcastSessionStore[1];
        store[0] = builder("renew-steps" + blocking).betweenRenewalSteps(() -> {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> await(store[0].updateDelta(old[0], Map.of("late", "1"), Set.of(), TTL)));
            between.add(assertInstanceOf(UpdateException.class, e.getCause()).kind());
            assertEquals(Optional.empty(), await(store[0].load(old[0])), "the old key loads nothing meanwhile");
        }).build();
        SessionStore renewing = form(store[0], blocking);
        old[0] = await(store[0].save(Map.of("user", "\"anon\""), TTL));
        await(store[0].updateDelta(old[0], Map.of("early", "1"), Set.of(), TTL));
        SessionKey renewed = await(renewing.renew(old[0], Map.of("user", "\"alice\""), Set.of(), TTL));
        assertEquals(List.of(Kind.ENDED), between, "the write after the first step was refused, not dropped");
        assertEquals(Optional.of(Map.of("user", "\"alice\"", "early", "1")), await(store[0].load(renewed)));
        byte[] tombstone = raw("renew-steps" + blocking, old[0]);
        assertEquals(StoredState.RENEWED, StoredState.kind(tombstone));
        assertTrue(StoredState.isSettled(tombstone), "the last step dropped the moved state from the tombstone");
    }

    @Test
    void aRenewalThatStopsHalfWayIsUndoneByALaterLoadWithoutItsChanges() {
        HazelcastSessionStore store = builder("renew-stalled").betweenRenewalSteps(() -> {
            throw new IllegalStateException("the renewing member dies here");
        }).build();
        SessionKey old = await(store.save(Map.of("cart", "[\"apple\"]"), TTL));
        assertThrows(IllegalStateException.class, () -> store.blocking().renew(old, Map.of("user", "\"alice\""),
                Set.of(), TTL));
        assertEquals(Optional.empty(), await(store.load(old)), "while a renewal may still be under way: nothing");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Optional.of(Map.of("cart", "[\"apple\"]")), await(store.loadAndUpdateTtl(old, TTL)),
                "reinstated under the old key, without the renewal's sign-in");
        assertEquals(1, liveEntries("renew-stalled"), "the new key was never stored");
        assertEquals(old, await(store.updateDelta(old, Map.of("more", "1"), Set.of(), TTL)), "and live again");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRenewalThatIsOnlySlowFailsOnceALoadRecoveredTheSessionUnderItsOldKey(boolean blocking) {
        String name = "renew-slow" + blocking;
        SessionKey[] old = new SessionKey[1];
        List<Optional<Map<String, String>>> recovered = new CopyOnWriteArrayList<>();
        HazelcastSessionStore[] store = new HazelcastSessionStore[1];
        store[0] = builder(name).betweenRenewalSteps(() -> {
            // The sign-in stalls here (a GC pause, a slow member) for longer than recovery waits;
            // another request of the session loads the old key meanwhile.
            clock.advance(Duration.ofSeconds(10));
            recovered.add(store[0].blocking().loadAndUpdateTtl(old[0], TTL));
        }).build();
        old[0] = await(store[0].save(Map.of("cart", "[\"apple\"]"), TTL));
        CompletionException failed = assertThrows(CompletionException.class,
                () -> await(form(store[0], blocking).renew(old[0], Map.of("user", "\"alice\""), Set.of(), TTL)));
        assertEquals(Kind.OTHER, assertInstanceOf(UpdateException.class, failed.getCause()).kind(),
                "the renewal reports that it renewed nothing");
        assertEquals(List.of(Optional.of(Map.of("cart", "[\"apple\"]"))), recovered,
                "the load in between brought the session back under its old key, without the sign-in");
        assertEquals(1, liveEntries(name), "one live copy of the session, not one under each key");
        assertEquals(old[0], await(store[0].updateDelta(old[0], Map.of("more", "1"), Set.of(), TTL)),
                "the old key works");
    }

    /** How many entries of map {@code name} are live sessions (not tombstones). */
    private static long liveEntries(String name) {
        return map(name).values().stream()
                .filter(v -> StoredState.isReadable(v) && StoredState.kind((byte[]) v) == StoredState.LIVE).count();
    }

    @Test
    void aRenewalThatStoredItsSuccessorIsSettledByALaterLoad() {
        HazelcastSessionStore store = builder("renew-unsettled").build();
        SessionKey old = await(store.save(Map.of("cart", "[\"apple\"]"), TTL));
        SessionKey renewed = await(store.renew(old, Map.of(), Set.of(), TTL));
        // Put the tombstone back into its unsettled form, as if the last step had failed.
        byte[] settled = raw("renew-unsettled", old);
        byte[] unsettled = StoredState.retired(StoredState.successor(settled),
                StoredState.liveBody(StoredState.live(StoredState.encode(Map.of("cart", "[\"apple\"]")), 0)), 60_000,
                StoredState.stamp(settled));
        map("renew-unsettled").set(old.id().toBytes(), unsettled, 60, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Optional.empty(), await(store.load(old)), "the successor exists: the old key stays ended");
        assertTrue(StoredState.isSettled(raw("renew-unsettled", old)));
        assertEquals(Optional.of(Map.of("cart", "[\"apple\"]")), await(store.load(renewed)));
    }

    // ---- the builder ----

    @Test
    void theAsynchronousFormStartsItsNextStepsOnTheBuildersExecutor() {
        AtomicInteger tasks = new AtomicInteger();
        Executor counting = task -> {
            tasks.incrementAndGet();
            new Thread(task).start();
        };
        HazelcastSessionStore store = builder("executor").executor(counting).build();
        SessionKey gone = SessionKey.generate();
        SessionKey saved = await(store.updateDelta(gone, Map.of("a", "1"), Set.of(), TTL));
        assertNotEquals(gone, saved);
        assertEquals(1, tasks.get(), "the save after the session was found gone");
        SessionKey renewed = await(store.renew(saved, Map.of(), Set.of(), TTL));
        assertEquals(3, tasks.get(), "the renewal's second and third steps");
        store.blocking().renew(renewed, Map.of(), Set.of(), TTL);
        assertEquals(3, tasks.get(), "the blocking view runs on the calling thread");
    }

    @Test
    void blockingViewIsOneSharedObjectAndNamesItsMap() {
        HazelcastSessionStore store = new HazelcastSessionStore(member, "named");
        assertSame(store.blocking(), store.blocking());
        assertEquals("blocking view of HazelcastSessionStore[map=named]", store.blocking().toString());
    }

    @Test
    void builderRejectsBadOptions() {
        HazelcastSessionStore.Builder builder = HazelcastSessionStore.builder(member);
        assertThrows(IllegalArgumentException.class, () -> builder.mapName(" "));
        assertThrows(IllegalArgumentException.class, () -> builder.maxStateBytes(63));
        assertThrows(IllegalArgumentException.class, () -> builder.maxEntries(0));
        assertThrows(IllegalArgumentException.class, () -> builder.tombstoneGrace(Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> builder.tombstoneGrace(Duration.ofDays(366)));
        assertThrows(NullPointerException.class, () -> builder.clock(null));
        assertThrows(NullPointerException.class, () -> builder.executor(null));
        assertThrows(NullPointerException.class, () -> HazelcastSessionStore.builder(null));
    }
}
