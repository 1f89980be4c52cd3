package dev.weft.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What every {@link SessionStore} promises, run against each store set-up by a subclass. Each
 * test gets a store over its own fresh storage, so counts of stored entries are exact. Where
 * stores may differ (how long past its TTL a session may live, how long an ended key stays
 * refused), the subclass states its {@link Capabilities}. Decisions a store makes by time use the
 * test's clock, which tests move instead of sleeping; only the store's own expiry needs a real
 * wait, and all of it is done in {@link #expiryEndsSessionsAndTombstonesInRealTime} at once. A
 * store that expires by the clock it is given ({@link Capabilities#expiresInRealTime} false) gets
 * the same checks with the clock moved instead of the wait.
 */
public abstract class SessionStoreContract {

    private static final Duration TTL = Duration.ofMinutes(5);
    /** The TTL of expiry tests: short, since only the store's own expiry needs a real wait. */
    private static final Duration SHORT_TTL = Duration.ofSeconds(1);

    /**
     * What a store promises where stores may differ.
     *
     * @param expiryGrace how much longer than its TTL a session may live
     * @param tombstoneGrace how long an ended key stays refused (stores are built with it)
     * @param atomicDeltas whether concurrent deltas to different keys all keep their changes
     * @param expiresInRealTime whether sessions and tombstones expire in real time (a backend's own
     *     expiry, as Hazelcast's), or by the clock of {@link Setup} alone (a store for tests): then
     *     the expiry test moves that clock where it would wait
     */
    public record Capabilities(Duration expiryGrace, Duration tombstoneGrace, boolean atomicDeltas,
            boolean expiresInRealTime) {

        /** A store whose sessions and tombstones expire in real time. */
        public Capabilities(Duration expiryGrace, Duration tombstoneGrace, boolean atomicDeltas) {
            this(expiryGrace, tombstoneGrace, atomicDeltas, true);
        }
    }

    /** How a test wants its store: storage named {@code space}, limits, and the clock it decides by. */
    public record Setup(String space, long maxStateBytes, int maxEntries, Clock clock) {
    }

    private SessionStore store;
    private String space;
    protected final MutableClock clock = new MutableClock();

    /** A store over fresh storage as {@code setup} says, ending keys for {@link Capabilities#tombstoneGrace}. */
    protected abstract SessionStore createStore(Setup setup);

    /** How many entries (sessions and tombstones) the storage named {@code space} holds, as the store's backend sees it. */
    protected abstract long storedEntries(String space);

    protected abstract Capabilities capabilities();

    /** A key that no session has; subclasses may choose where such keys live. */
    protected SessionKey unusedKey() {
        return SessionKey.generate();
    }

    @BeforeEach
    void freshStore(TestInfo test) {
        space = "weft.test." + test.getTestMethod().orElseThrow().getName() + "." + System.nanoTime();
        store = createStore(new Setup(space, 1024 * 1024, 10_000, clock));
    }

    // ---- save and load ----

    @Test
    void savedStateLoadsBack() {
        Map<String, String> state = Map.of("user", "\"alice\"", "cart", "[\"apple\",\"pear\"]");
        SessionKey key = await(store.save(state, TTL));
        assertEquals(Optional.of(state), await(store.load(key)));
        assertEquals(1, storedEntries(space));
    }

    @Test
    void stateWithEmptyValuesAndUnicodeLoadsBack() {
        Map<String, String> state = Map.of(
                "", "",
                "empty", "",
                "unicode ключ 鍵", "\"naïve café 😀 \\u0000 \u0000\"",
                "line\nbreak", "tab\tand \"quotes\"");
        SessionKey key = await(store.save(state, TTL));
        assertEquals(Optional.of(state), await(store.load(key)));
    }

    @Test
    void emptyStateIsASession() {
        SessionKey key = await(store.save(Map.of(), TTL));
        assertEquals(Optional.of(Map.of()), await(store.load(key)));
    }

    @Test
    void everySaveGetsItsOwnKey() {
        SessionKey first = await(store.save(Map.of("n", "1"), TTL));
        SessionKey second = await(store.save(Map.of("n", "2"), TTL));
        assertNotEquals(first, second);
        assertEquals(Optional.of(Map.of("n", "1")), await(store.load(first)));
        assertEquals(Optional.of(Map.of("n", "2")), await(store.load(second)));
        assertEquals(2, storedEntries(space));
    }

    @Test
    void unknownKeyLoadsEmpty() {
        assertEquals(Optional.empty(), await(store.load(unusedKey())));
        assertEquals(Optional.empty(), await(store.loadAndUpdateTtl(unusedKey(), TTL)));
    }

    @Test
    void loadedStateIsImmutableAndSavedStateIsCopied() {
        Map<String, String> state = new HashMap<>(Map.of("a", "1"));
        SessionKey key = await(store.save(state, TTL));
        state.put("b", "2");
        Map<String, String> loaded = await(store.load(key)).orElseThrow();
        assertEquals(Map.of("a", "1"), loaded);
        assertThrows(UnsupportedOperationException.class, () -> loaded.put("c", "3"));
    }

    // ---- update ----

    @Test
    void updateKeepsTheKeyAndReplacesTheState() {
        SessionKey key = await(store.save(Map.of("a", "1", "b", "2"), TTL));
        assertEquals(key, await(store.update(key, Map.of("a", "10", "c", "3"), TTL)));
        assertEquals(Optional.of(Map.of("a", "10", "c", "3")), await(store.load(key)));
        assertEquals(1, storedEntries(space));
    }

    @Test
    void updateOfNeverStoredKeySavesUnderNewKey() {
        SessionKey unknown = unusedKey();
        SessionKey newKey = await(store.update(unknown, Map.of("a", "1"), TTL));
        assertNotEquals(unknown, newKey);
        assertEquals(Optional.empty(), await(store.load(unknown)));
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(newKey)));
    }

    // ---- delta update ----

    @Test
    void deltaChangesAndRemovesOnlyTheGivenKeys() {
        SessionKey key = await(store.save(Map.of("a", "1", "b", "2", "c", "3"), TTL));
        SessionKey result = await(store.updateDelta(key, Map.of("a", "10", "d", "4"), Set.of("b"), TTL));
        assertEquals(key, result);
        assertEquals(Optional.of(Map.of("a", "10", "c", "3", "d", "4")), await(store.load(key)));
    }

    @Test
    void deltaOfNeverStoredKeySavesOnlyTheChangesUnderNewKey() {
        SessionKey unknown = unusedKey();
        SessionKey newKey = await(store.updateDelta(unknown, Map.of("a", "10"), Set.of("b"), TTL));
        assertNotEquals(unknown, newKey);
        assertEquals(Optional.empty(), await(store.load(unknown)));
        assertEquals(Optional.of(Map.of("a", "10")), await(store.load(newKey)));
    }

    @Test
    void concurrentDeltasToDifferentKeysLoseNothing() throws Exception {
        Assumptions.assumeTrue(capabilities().atomicDeltas(), "this store's deltas are not atomic");
        SessionKey key = await(store.save(Map.of("shared", "x"), TTL));
        int writers = 16;
        int rounds = 10;
        // Each writer calls from a thread of its own, all released together each round: a store
        // whose stages complete on the calling thread (the blocking views, an in-memory store) is
        // called concurrently too, not one call after another.
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < rounds; round++) {
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(writers);
                List<java.util.concurrent.Future<SessionKey>> inFlight = new ArrayList<>();
                for (int writer = 0; writer < writers; writer++) {
                    Map<String, String> change = Map.of("w" + writer, "r" + round);
                    inFlight.add(threads.submit(() -> {
                        together.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        return store.updateDelta(key, change, Set.of(), TTL).toCompletableFuture().join();
                    }));
                }
                for (java.util.concurrent.Future<SessionKey> call : inFlight) {
                    assertEquals(key, call.get(60, java.util.concurrent.TimeUnit.SECONDS));
                }
            }
        } finally {
            threads.shutdownNow();
        }
        Map<String, String> expected = new HashMap<>(Map.of("shared", "x"));
        for (int writer = 0; writer < writers; writer++) {
            expected.put("w" + writer, "r" + (rounds - 1));
        }
        assertEquals(Optional.of(expected), await(store.load(key)));
    }

    @Test
    void deltaRejectsAKeyBothChangedAndRemoved() {
        SessionKey key = await(store.save(Map.of("a", "1"), TTL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.updateDelta(key, Map.of("a", "2"), Set.of("a"), TTL));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(key)));
    }

    // ---- delete: the key ends ----

    @Test
    void deleteEndsTheSessionAndRefusesLaterWritesWithItsKey() {
        SessionKey key = await(store.save(Map.of("a", "1"), TTL));
        SessionKey other = await(store.save(Map.of("b", "2"), TTL));
        await(store.delete(key));
        assertEquals(Optional.empty(), await(store.load(key)));
        assertEquals(Optional.empty(), await(store.loadAndUpdateTtl(key, TTL)));
        long entries = storedEntries(space);
        assertEquals(SessionStoreException.Kind.ENDED,
                failure(UpdateException.class, store.update(key, Map.of("a", "2"), TTL)).kind());
        assertEquals(SessionStoreException.Kind.ENDED,
                failure(UpdateException.class, store.updateDelta(key, Map.of("a", "2"), Set.of(), TTL)).kind());
        assertEquals(SessionStoreException.Kind.ENDED,
                failure(UpdateException.class, store.renew(key, Map.of("a", "2"), Set.of(), TTL)).kind());
        await(store.updateTtl(key, TTL));
        assertEquals(Optional.empty(), await(store.load(key)), "not brought back by any write");
        assertEquals(entries, storedEntries(space), "nothing stored under a new key either");
        assertEquals(Optional.of(Map.of("b", "2")), await(store.load(other)));
    }

    @Test
    void deleteOfMissingSessionSucceeds() {
        SessionKey unknown = unusedKey();
        await(store.delete(unknown));
        assertEquals(Optional.empty(), await(store.load(unknown)));
    }

    // ---- renew ----

    @Test
    void renewMovesTheStateWithTheChangesToANewKeyAndEndsTheOldOne() {
        SessionKey old = await(store.save(Map.of("a", "1", "b", "2", "@created", "5"), TTL));
        SessionKey renewed = await(store.renew(old, Map.of("c", "3"), Set.of("b"), TTL));
        assertNotEquals(old, renewed);
        assertEquals(Optional.of(Map.of("a", "1", "c", "3", "@created", "5")), await(store.load(renewed)));
        assertEquals(Optional.empty(), await(store.load(old)));
        assertEquals(SessionStoreException.Kind.ENDED,
                failure(UpdateException.class, store.updateDelta(old, Map.of("x", "1"), Set.of(), TTL)).kind());
        assertEquals(SessionStoreException.Kind.ENDED,
                failure(UpdateException.class, store.renew(old, Map.of(), Set.of(), TTL)).kind());
        assertEquals(Optional.of(Map.of("a", "1", "c", "3", "@created", "5")), await(store.load(renewed)),
                "refused writes with the old key reach nothing");
        assertEquals(renewed, await(store.updateDelta(renewed, Map.of("d", "4"), Set.of(), TTL)));
    }

    @Test
    void renewOfANeverStoredKeySavesTheChangesUnderANewKey() {
        SessionKey unknown = unusedKey();
        SessionKey renewed = await(store.renew(unknown, Map.of("a", "1"), Set.of(), TTL));
        assertNotEquals(unknown, renewed);
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(renewed)));
    }

    // ---- reserved keys ----

    @Test
    void aSessionPastItsDeadlineIsGone() {
        long deadline = clock.millis() + Duration.ofMinutes(10).toMillis();
        // A TTL beyond the deadline: a store that expires by the clock keeps the session till then.
        Duration ttl = Duration.ofMinutes(30);
        SessionKey key = await(store.save(Map.of("a", "1", ReservedKeys.DEADLINE, Long.toString(deadline)), ttl));
        clock.advance(Duration.ofMinutes(9));
        assertEquals("1", await(store.loadAndUpdateTtl(key, ttl)).orElseThrow().get("a"));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Optional.empty(), await(store.load(key)));
        assertEquals(Optional.empty(), await(store.loadAndUpdateTtl(key, TTL)));
        SessionKey after = await(store.updateDelta(key, Map.of("b", "2"), Set.of(), TTL));
        assertNotEquals(key, after, "a write after the deadline starts a new session");
        assertEquals(Optional.of(Map.of("b", "2")), await(store.load(after)));
    }

    // ---- TTL ----

    /**
     * Everything that needs the store's own expiry, on one real wait: a session lives at least its
     * TTL and at most {@link Capabilities#expiryGrace} longer; each kind of write and TTL update
     * extends it; its own idle timeout replaces the TTL it is given; an expired key stays dead;
     * and an ended key stays refused for the tombstone grace, then is simply unknown. For a store
     * that expires by its clock, the same checks run on that clock: it is moved where this waits.
     */
    @Test
    void expiryEndsSessionsAndTombstonesInRealTime() throws InterruptedException {
        Duration grace = capabilities().expiryGrace();
        long ttlNanos = SHORT_TTL.toNanos();
        long beforeSave = storeNanoTime();
        SessionKey plain = await(store.save(Map.of("a", "1"), SHORT_TTL));
        long afterSave = storeNanoTime();
        SessionKey viaUpdateTtl = await(store.save(Map.of("a", "1"), SHORT_TTL));
        SessionKey viaLoad = await(store.save(Map.of("a", "1"), SHORT_TTL));
        SessionKey viaUpdate = await(store.save(Map.of("a", "1"), SHORT_TTL));
        SessionKey viaDelta = await(store.save(Map.of("a", "1"), SHORT_TTL));
        SessionKey ownIdle = await(store.save(Map.of("a", "1", ReservedKeys.IDLE_TIMEOUT, "1000"), TTL));
        SessionKey ended = await(store.save(Map.of("a", "1"), TTL));
        await(store.delete(ended));
        long afterDelete = storeNanoTime();
        if (capabilities().expiresInRealTime()) {
            clock.advance(Duration.ofSeconds(1)); // beyond any window a store may skip a TTL reset in
        } else {
            // The clock is the store's time: just before the TTL runs out, every session is there.
            clock.advance(SHORT_TTL.minusMillis(1));
            for (SessionKey key : List.of(plain, viaUpdateTtl, viaLoad, viaUpdate, viaDelta, ownIdle)) {
                assertTrue(await(store.load(key)).isPresent(), "a session lives at least its TTL");
            }
        }
        await(store.updateTtl(viaUpdateTtl, Duration.ofSeconds(30)));
        assertEquals(Optional.of(Map.of("a", "1")), await(store.loadAndUpdateTtl(viaLoad, Duration.ofSeconds(30))));
        await(store.update(viaUpdate, Map.of("a", "2"), Duration.ofSeconds(30)));
        await(store.updateDelta(viaDelta, Map.of("b", "3"), Set.of(), Duration.ofSeconds(30)));
        await(store.updateTtl(ownIdle, TTL));

        // Lower bound: every load that finished before the TTL ran out since the save began sees it.
        while (storeNanoTime() - beforeSave < ttlNanos) {
            Optional<Map<String, String>> loaded = await(store.load(plain));
            long finished = storeNanoTime();
            if (loaded.isEmpty() && finished - beforeSave < ttlNanos) {
                fail("session expired after " + (finished - beforeSave) / 1_000_000 + " ms, TTL " + SHORT_TTL);
            }
            pass(50);
        }
        // Upper bound: a load that starts TTL + grace after the save completed finds nothing.
        sleepUntil(afterSave + ttlNanos + grace.toNanos() + Duration.ofMillis(20).toNanos());
        assertEquals(Optional.empty(), await(store.load(plain)), "session outlived its TTL + " + grace);
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(viaUpdateTtl)), "updateTtl extends");
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(viaLoad)), "loadAndUpdateTtl extends");
        assertEquals(Optional.of(Map.of("a", "2")), await(store.load(viaUpdate)), "update extends");
        assertEquals(Optional.of(Map.of("a", "1", "b", "3")), await(store.load(viaDelta)), "updateDelta extends");
        awaitGone(ownIdle, Duration.ofSeconds(1).plus(grace), "the session's own idle timeout replaces the TTL");

        SessionKey afterExpiry = await(store.update(plain, Map.of("a", "2"), TTL));
        assertNotEquals(plain, afterExpiry, "an expired session is never brought back");
        assertEquals(Optional.empty(), await(store.load(plain)));
        SessionKey deltaAfterExpiry = await(store.updateDelta(plain, Map.of("c", "3"), Set.of(), TTL));
        assertNotEquals(plain, deltaAfterExpiry);
        assertEquals(Optional.of(Map.of("c", "3")), await(store.load(deltaAfterExpiry)));

        Duration tombstoneGrace = capabilities().tombstoneGrace();
        if (storeNanoTime() - afterDelete < tombstoneGrace.toNanos() - Duration.ofMillis(500).toNanos()) {
            assertEquals(SessionStoreException.Kind.ENDED,
                    failure(UpdateException.class, store.updateDelta(ended, Map.of("x", "1"), Set.of(), TTL)).kind(),
                    "still within the tombstone grace");
        }
        sleepUntil(afterDelete + tombstoneGrace.plus(grace).plusMillis(20).toNanos());
        SessionKey afterGrace = await(store.updateDelta(ended, Map.of("x", "1"), Set.of(), TTL));
        assertNotEquals(ended, afterGrace, "after the grace the ended key is simply unknown");
        assertEquals(Optional.empty(), await(store.load(ended)));
    }

    @Test
    void updateTtlOfMissingSessionSucceedsAndStoresNothing() {
        SessionKey unknown = unusedKey();
        await(store.updateTtl(unknown, TTL));
        assertEquals(Optional.empty(), await(store.load(unknown)));
        assertEquals(0, storedEntries(space));
    }

    @Test
    void nullZeroNegativeAndTooLongTtlsAreRejected() {
        SessionKey key = await(store.save(Map.of("a", "1"), TTL));
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1),
                SessionStore.MAX_TTL.plusSeconds(1), Duration.ofSeconds(Long.MAX_VALUE)}) {
            assertRejectsTtl(() -> store.save(Map.of("b", "2"), bad));
            assertRejectsTtl(() -> store.update(key, Map.of("b", "2"), bad));
            assertRejectsTtl(() -> store.updateDelta(key, Map.of("b", "2"), Set.of(), bad));
            assertRejectsTtl(() -> store.renew(key, Map.of("b", "2"), Set.of(), bad));
            assertRejectsTtl(() -> store.updateTtl(key, bad));
            assertRejectsTtl(() -> store.loadAndUpdateTtl(key, bad));
        }
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(key)));
        assertEquals(1, storedEntries(space));
        SessionKey longest = await(store.save(Map.of("c", "3"), SessionStore.MAX_TTL));
        assertEquals(Optional.of(Map.of("c", "3")), await(store.loadAndUpdateTtl(longest, SessionStore.MAX_TTL)));
    }

    // ---- the blocking view ----

    @Test
    void theBlockingViewFinishesOnAnInterruptedThreadAndKeepsTheInterrupt() {
        BlockingSessionStore blocking = store.blocking();
        SessionKey key;
        SessionKey renewed;
        Thread.currentThread().interrupt();
        try {
            key = blocking.save(Map.of("a", "1"), TTL);
            assertEquals(Optional.of(Map.of("a", "1")), blocking.loadAndUpdateTtl(key, TTL));
            assertEquals(key, blocking.updateDelta(key, Map.of("b", "2"), Set.of(), TTL));
            assertEquals(Optional.of(Map.of("a", "1", "b", "2")), blocking.load(key));
            assertEquals(key, blocking.update(key, Map.of("c", "3"), TTL));
            blocking.updateTtl(key, TTL);
            renewed = blocking.renew(key, Map.of("d", "4"), Set.of(), TTL);
            blocking.delete(renewed);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(Optional.empty(), await(store.load(key)));
        assertEquals(Optional.empty(), await(store.load(renewed)));
    }

    // ---- bad input ----

    @Test
    void nullArgumentsAndNullEntriesAreRejected() {
        SessionKey key = await(store.save(Map.of("a", "1"), TTL));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("cart", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.save(nullValue, TTL));
        assertTrue(e.getMessage().contains("'cart'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.update(key, nullValue, TTL));
        assertThrows(NullPointerException.class, () -> store.load(null));
        assertThrows(NullPointerException.class, () -> store.save(null, TTL));
        assertThrows(NullPointerException.class, () -> store.update(null, Map.of(), TTL));
        assertThrows(NullPointerException.class, () -> store.renew(null, Map.of(), Set.of(), TTL));
        assertThrows(NullPointerException.class, () -> store.updateDelta(key, Map.of(), null, TTL));
        assertThrows(NullPointerException.class, () -> store.delete(null));
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(key)));
        assertEquals(1, storedEntries(space));
    }

    @Test
    void textWithAnUnpairedSurrogateIsRejectedAndNothingChanges() {
        SessionKey key = await(store.save(Map.of("a", "1"), TTL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.save(Map.of("cart", "x\uD800y"), TTL));
        assertTrue(e.getMessage().contains("'cart'") && e.getMessage().contains("unpaired surrogate (U+D800) at index 1"),
                e.getMessage());
        assertFalse(e.getMessage().contains("x\uD800y"), "the value itself is not in the message");
        assertThrows(IllegalArgumentException.class, () -> store.save(Map.of("\uDC00", "1"), TTL));
        assertThrows(IllegalArgumentException.class, () -> store.update(key, Map.of("a", "\uD83E"), TTL));
        assertThrows(IllegalArgumentException.class,
                () -> store.updateDelta(key, Map.of("a", "2\uDDE2"), Set.of(), TTL));
        IllegalArgumentException removed = assertThrows(IllegalArgumentException.class,
                () -> store.updateDelta(key, Map.of(), Set.of("a\uD800"), TTL));
        assertTrue(removed.getMessage().startsWith("removed key has an unpaired surrogate"), removed.getMessage());
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(key)));
        assertEquals(1, storedEntries(space));
        String pair = "\uD83E\uDDE2"; // one code point, four UTF-8 bytes
        await(store.updateDelta(key, Map.of(pair, pair + "x"), Set.of(), TTL));
        assertEquals(Optional.of(Map.of("a", "1", pair, pair + "x")), await(store.load(key)));
    }

    @Test
    void aSaveOverTheByteLimitFailsNamingTheKeyAndStoresNothing() {
        SessionStore small = createStore(new Setup(space, 200, 10_000, clock));
        SaveException e = failure(SaveException.class, small.save(Map.of("fits", "1", "big", "x".repeat(300)), TTL));
        assertEquals(SessionStoreException.Kind.SERIALIZATION, e.kind());
        assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains("limit of 200 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("xxxx"), "the value is not in the message");
        assertEquals(0, storedEntries(space));
        // Multi-byte characters count as their UTF-8 bytes: 70 x 3 = 210 > 200.
        assertEquals(SessionStoreException.Kind.SERIALIZATION,
                failure(SaveException.class, small.save(Map.of("", "€".repeat(70)), TTL)).kind());
        assertEquals(0, storedEntries(space));
        SessionKey fits = await(small.save(Map.of("k", "x".repeat(100)), TTL));
        assertEquals(Optional.of(Map.of("k", "x".repeat(100))), await(small.load(fits)));
    }

    @Test
    void aWriteOverTheByteLimitFailsNamingTheKeyAndKeepsTheStoredState() {
        SessionStore small = createStore(new Setup(space, 200, 10_000, clock));
        SessionKey key = await(small.save(Map.of("a", "1"), TTL));
        UpdateException e = failure(UpdateException.class, small.update(key, Map.of("a", "x".repeat(300)), TTL));
        assertEquals(SessionStoreException.Kind.SERIALIZATION, e.kind());
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
        // Each delta alone fits; the merged state does not: the store must refuse the second.
        assertEquals(key, await(small.updateDelta(key, Map.of("b", "y".repeat(100)), Set.of(), TTL)));
        UpdateException merged = failure(UpdateException.class,
                small.updateDelta(key, Map.of("c", "z".repeat(100)), Set.of(), TTL));
        assertEquals(SessionStoreException.Kind.SERIALIZATION, merged.kind());
        assertTrue(merged.getMessage().contains("'c'") && merged.getMessage().contains("limit of 200 bytes"),
                merged.getMessage());
        assertEquals(SessionStoreException.Kind.SERIALIZATION, failure(UpdateException.class,
                small.renew(key, Map.of("c", "z".repeat(100)), Set.of(), TTL)).kind());
        assertEquals(Optional.of(Map.of("a", "1", "b", "y".repeat(100))), await(small.load(key)),
                "the refused renewal left the session where it was");
        assertEquals(1, storedEntries(space));
    }

    @Test
    void aWriteOverTheKeyLimitFailsNamingTheKey() {
        SessionStore few = createStore(new Setup(space, 1024 * 1024, 3, clock));
        SessionKey key = await(few.save(Map.of("a", "1", "b", "2", "@created", "0"), TTL));
        assertEquals(key, await(few.updateDelta(key, Map.of("c", "3"), Set.of(), TTL)), "reserved keys do not count");
        UpdateException e = failure(UpdateException.class, few.updateDelta(key, Map.of("d", "4"), Set.of(), TTL));
        assertEquals(SessionStoreException.Kind.SERIALIZATION, e.kind());
        assertTrue(e.getMessage().contains("'d'") && e.getMessage().contains("limit of 3 keys"), e.getMessage());
        assertEquals(key, await(few.updateDelta(key, Map.of("d", "4"), Set.of("a"), TTL)), "a removal makes room");
        SaveException save = failure(SaveException.class, few.save(Map.of("1", "", "2", "", "3", "", "4", ""), TTL));
        assertTrue(save.getMessage().contains("limit of 3 keys"), save.getMessage());
    }

    // ---- helpers ----

    private void assertRejectsTtl(Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains("TTL"), e.getMessage());
    }

    protected static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    protected static <E extends Throwable> E failure(Class<E> type, CompletionStage<?> stage) {
        CompletionException e = assertThrows(CompletionException.class, () -> await(stage));
        return assertInstanceOf(type, e.getCause());
    }

    private void awaitGone(SessionKey key, Duration within, String what) {
        long deadline = storeNanoTime() + within.plusSeconds(2).toNanos();
        while (await(store.load(key)).isPresent()) {
            if (storeNanoTime() > deadline) {
                fail(what + ": the session did not expire within " + within);
            }
            pass(100);
        }
    }

    // ---- the store's time: real time, or the test's clock for a store that expires by it ----

    /** Now, in nanoseconds, on the time the store's expiry runs on. */
    private long storeNanoTime() {
        if (capabilities().expiresInRealTime()) {
            return System.nanoTime();
        }
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Lets {@code millis} pass for the store: sleeps, or moves the clock. */
    private void pass(long millis) {
        if (!capabilities().expiresInRealTime()) {
            clock.advance(Duration.ofMillis(millis));
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits (or moves the clock) until {@link #storeNanoTime()} reaches {@code nanoTime}. */
    private void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - storeNanoTime()) > 0) {
            if (!capabilities().expiresInRealTime()) {
                clock.advance(Duration.ofNanos(left));
                return;
            }
            pass(Math.max(1, left / 1_000_000));
        }
    }
}
