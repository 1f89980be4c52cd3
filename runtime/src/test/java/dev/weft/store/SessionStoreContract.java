package dev.weft.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What every {@link SessionStore} promises, run against each store set-up by a subclass. Each
 * test gets a store over its own fresh storage, so counts of stored sessions are exact.
 */
public abstract class SessionStoreContract {

    /** The TTL of expiry tests: short, since only the store's own expiry needs a real wait. */
    private static final Duration SHORT_TTL = Duration.ofSeconds(1);
    /** How much longer than its TTL a session may live (the Hazelcast store's promise). */
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final long SMALL_LIMIT = 64;

    private SessionStore store;
    private String space;

    /** A store over fresh storage named {@code space}, accepting states of up to {@code maxStateBytes}. */
    protected abstract SessionStore createStore(String space, long maxStateBytes);

    /** How many sessions the storage named {@code space} holds right now, as the store's backend sees it. */
    protected abstract long storedSessions(String space);

    /** A key that no session has; subclasses may choose where such keys live. */
    protected SessionKey unusedKey() {
        return SessionKey.generate();
    }

    @BeforeEach
    void freshStore(TestInfo test) {
        space = "weft.test." + test.getTestMethod().orElseThrow().getName() + "." + System.nanoTime();
        store = createStore(space, 1024 * 1024);
    }

    // ---- save and load ----

    @Test
    void savedStateLoadsBack() {
        Map<String, String> state = Map.of("user", "\"alice\"", "cart", "[\"apple\",\"pear\"]");
        SessionKey key = await(store.save(state, TTL));
        assertEquals(Optional.of(state), await(store.load(key)));
        assertEquals(1, storedSessions(space));
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
        assertEquals(2, storedSessions(space));
    }

    @Test
    void unknownKeyLoadsEmpty() {
        assertEquals(Optional.empty(), await(store.load(unusedKey())));
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
        assertEquals(1, storedSessions(space));
    }

    @Test
    void updateOfDeletedSessionSavesUnderNewKeyAndNeverResurrects() {
        SessionKey key = await(store.save(Map.of("a", "1"), TTL));
        await(store.delete(key));
        SessionKey newKey = await(store.update(key, Map.of("a", "2"), TTL));
        assertNotEquals(key, newKey);
        assertEquals(Optional.empty(), await(store.load(key)));
        assertEquals(Optional.of(Map.of("a", "2")), await(store.load(newKey)));
        assertEquals(1, storedSessions(space));
    }

    @Test
    void updateOfNeverStoredKeySavesUnderNewKey() {
        SessionKey unknown = unusedKey();
        SessionKey newKey = await(store.update(unknown, Map.of("a", "1"), TTL));
        assertNotEquals(unknown, newKey);
        assertEquals(Optional.empty(), await(store.load(unknown)));
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(newKey)));
    }

    @Test
    void updateOfExpiredSessionSavesUnderNewKeyAndNeverResurrects() {
        SessionKey key = await(store.save(Map.of("a", "1"), SHORT_TTL));
        awaitGone(key);
        SessionKey newKey = await(store.update(key, Map.of("a", "2"), TTL));
        assertNotEquals(key, newKey);
        assertEquals(Optional.empty(), await(store.load(key)));
        assertEquals(Optional.of(Map.of("a", "2")), await(store.load(newKey)));
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
    void deltaOfDeletedSessionSavesOnlyTheChangesUnderNewKey() {
        SessionKey key = await(store.save(Map.of("a", "1", "b", "2"), TTL));
        await(store.delete(key));
        SessionKey newKey = await(store.updateDelta(key, Map.of("a", "10"), Set.of("b"), TTL));
        assertNotEquals(key, newKey);
        assertEquals(Optional.empty(), await(store.load(key)));
        assertEquals(Optional.of(Map.of("a", "10")), await(store.load(newKey)));
    }

    @Test
    void deltaOfExpiredSessionNeverResurrects() {
        SessionKey key = await(store.save(Map.of("a", "1", "b", "2"), SHORT_TTL));
        awaitGone(key);
        SessionKey newKey = await(store.updateDelta(key, Map.of("c", "3"), Set.of(), TTL));
        assertNotEquals(key, newKey);
        assertEquals(Optional.empty(), await(store.load(key)));
        assertEquals(Optional.of(Map.of("c", "3")), await(store.load(newKey)));
    }

    @Test
    void concurrentDeltasToDifferentKeysLoseNothing() {
        SessionKey key = await(store.save(Map.of("shared", "x"), TTL));
        int writers = 16;
        int rounds = 10;
        for (int round = 0; round < rounds; round++) {
            List<CompletableFuture<SessionKey>> inFlight = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                inFlight.add(store.updateDelta(key, Map.of("w" + writer, "r" + round), Set.of(), TTL)
                        .toCompletableFuture());
            }
            inFlight.forEach(f -> assertEquals(key, f.join()));
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

    // ---- TTL ----

    @Test
    void sessionLivesAtLeastItsTtlAndAtMostOneSecondLonger() throws InterruptedException {
        long ttlNanos = SHORT_TTL.toNanos();
        long beforeSave = System.nanoTime();
        SessionKey key = await(store.save(Map.of("a", "1"), SHORT_TTL));
        long afterSave = System.nanoTime();
        // Lower bound: every load that finished before the TTL ran out since the save began sees it.
        while (System.nanoTime() - beforeSave < ttlNanos) {
            Optional<Map<String, String>> loaded = await(store.load(key));
            long finished = System.nanoTime();
            if (loaded.isEmpty() && finished - beforeSave < ttlNanos) {
                fail("session expired after " + (finished - beforeSave) / 1_000_000 + " ms, TTL " + SHORT_TTL);
            }
            Thread.sleep(50);
        }
        // Upper bound: a load that starts TTL + 1 s after the save completed finds nothing.
        long deadline = afterSave + ttlNanos + GRACE.toNanos() + Duration.ofMillis(20).toNanos();
        sleepUntil(deadline);
        assertEquals(Optional.empty(), await(store.load(key)), "session outlived TTL + 1 s");
    }

    @Test
    void updateTtlExtendsTheSession() throws InterruptedException {
        SessionKey key = await(store.save(Map.of("a", "1"), SHORT_TTL));
        long afterSave = System.nanoTime();
        await(store.updateTtl(key, Duration.ofSeconds(10)));
        sleepUntil(afterSave + SHORT_TTL.toNanos() + GRACE.toNanos() + Duration.ofMillis(300).toNanos());
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(key)), "the TTL was not extended");
    }

    @Test
    void loadAndUpdateTtlReturnsTheStateAndExtendsTheSession() throws InterruptedException {
        SessionKey key = await(store.save(Map.of("a", "1"), SHORT_TTL));
        long afterSave = System.nanoTime();
        Thread.sleep(200); // beyond any skip window a store may use (1% of 10 s)
        assertEquals(Optional.of(Map.of("a", "1")), await(store.loadAndUpdateTtl(key, Duration.ofSeconds(10))));
        sleepUntil(afterSave + SHORT_TTL.toNanos() + GRACE.toNanos() + Duration.ofMillis(300).toNanos());
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(key)), "the TTL was not extended");
        assertEquals(Optional.empty(), await(store.loadAndUpdateTtl(unusedKey(), TTL)));
    }

    @Test
    void updateResetsTheTtl() throws InterruptedException {
        SessionKey key = await(store.save(Map.of("a", "1"), SHORT_TTL));
        long afterSave = System.nanoTime();
        await(store.update(key, Map.of("a", "2"), Duration.ofSeconds(10)));
        await(store.updateDelta(key, Map.of("b", "3"), Set.of(), Duration.ofSeconds(10)));
        sleepUntil(afterSave + SHORT_TTL.toNanos() + GRACE.toNanos() + Duration.ofMillis(300).toNanos());
        assertEquals(Optional.of(Map.of("a", "2", "b", "3")), await(store.load(key)));
    }

    @Test
    void updateTtlOfMissingSessionSucceedsAndStoresNothing() {
        SessionKey unknown = unusedKey();
        await(store.updateTtl(unknown, TTL));
        assertEquals(Optional.empty(), await(store.load(unknown)));
        assertEquals(0, storedSessions(space));
    }

    @Test
    void nullZeroAndNegativeTtlsAreRejected() {
        SessionKey key = await(store.save(Map.of("a", "1"), TTL));
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
            assertRejectsTtl(() -> store.save(Map.of("b", "2"), bad));
            assertRejectsTtl(() -> store.update(key, Map.of("b", "2"), bad));
            assertRejectsTtl(() -> store.updateDelta(key, Map.of("b", "2"), Set.of(), bad));
            assertRejectsTtl(() -> store.updateTtl(key, bad));
            assertRejectsTtl(() -> store.loadAndUpdateTtl(key, bad));
        }
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(key)));
        assertEquals(1, storedSessions(space));
    }

    // ---- the blocking view ----

    @Test
    void theBlockingViewFinishesOnAnInterruptedThreadAndKeepsTheInterrupt() {
        BlockingSessionStore blocking = store.blocking();
        SessionKey key;
        Thread.currentThread().interrupt();
        try {
            key = blocking.save(Map.of("a", "1"), TTL);
            assertEquals(Optional.of(Map.of("a", "1")), blocking.loadAndUpdateTtl(key, TTL));
            assertEquals(key, blocking.updateDelta(key, Map.of("b", "2"), Set.of(), TTL));
            assertEquals(Optional.of(Map.of("a", "1", "b", "2")), blocking.load(key));
            assertEquals(key, blocking.update(key, Map.of("c", "3"), TTL));
            blocking.updateTtl(key, TTL);
            blocking.delete(key);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(Optional.empty(), await(store.load(key)));
        assertEquals(0, storedSessions(space));
    }

    // ---- delete ----

    @Test
    void deleteRemovesTheSession() {
        SessionKey key = await(store.save(Map.of("a", "1"), TTL));
        SessionKey other = await(store.save(Map.of("b", "2"), TTL));
        await(store.delete(key));
        assertEquals(Optional.empty(), await(store.load(key)));
        assertEquals(Optional.of(Map.of("b", "2")), await(store.load(other)));
        assertEquals(1, storedSessions(space));
    }

    @Test
    void deleteOfMissingSessionSucceeds() {
        SessionKey unknown = unusedKey();
        await(store.delete(unknown));
        assertEquals(Optional.empty(), await(store.load(unknown)));
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
        assertThrows(NullPointerException.class, () -> store.delete(null));
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(key)));
        assertEquals(1, storedSessions(space));
    }

    @Test
    void textWithAnUnpairedSurrogateIsRejectedAndNothingChanges() {
        SessionKey key = await(store.save(Map.of("a", "1"), TTL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.save(Map.of("cart", "x\uD800y"), TTL));
        assertTrue(e.getMessage().contains("'cart'") && e.getMessage().contains("unpaired surrogate (U+D800) at index 1"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.save(Map.of("\uDC00", "1"), TTL));
        assertThrows(IllegalArgumentException.class, () -> store.update(key, Map.of("a", "\uD83E"), TTL));
        assertThrows(IllegalArgumentException.class,
                () -> store.updateDelta(key, Map.of("a", "2\uDDE2"), Set.of(), TTL));
        IllegalArgumentException removed = assertThrows(IllegalArgumentException.class,
                () -> store.updateDelta(key, Map.of(), Set.of("a\uD800"), TTL));
        assertTrue(removed.getMessage().startsWith("removed key has an unpaired surrogate"), removed.getMessage());
        assertEquals(Optional.of(Map.of("a", "1")), await(store.load(key)));
        assertEquals(1, storedSessions(space));
        String pair = "\uD83E\uDDE2"; // one code point, four UTF-8 bytes
        await(store.updateDelta(key, Map.of(pair, pair + "x"), Set.of(), TTL));
        assertEquals(Optional.of(Map.of("a", "1", pair, pair + "x")), await(store.load(key)));
    }

    @Test
    void saveLargerThanTheLimitFailsAndStoresNothing() {
        SessionStore small = createStore(space, SMALL_LIMIT);
        SaveException e = failure(SaveException.class, small.save(Map.of("k", "x".repeat(100)), TTL));
        assertEquals(SessionStoreException.Kind.SERIALIZATION, e.kind());
        assertTrue(e.getMessage().contains("101 bytes") && e.getMessage().contains(SMALL_LIMIT + " bytes"),
                e.getMessage());
        assertEquals(0, storedSessions(space));
        // Multi-byte characters count as their UTF-8 bytes: 22 x 3 = 66 > 64.
        assertEquals(SessionStoreException.Kind.SERIALIZATION,
                failure(SaveException.class, small.save(Map.of("", "€".repeat(22)), TTL)).kind());
        assertEquals(0, storedSessions(space));
        SessionKey fits = await(small.save(Map.of("k", "x".repeat(63)), TTL));
        assertEquals(Optional.of(Map.of("k", "x".repeat(63))), await(small.load(fits)));
    }

    @Test
    void updateLargerThanTheLimitFailsAndKeepsTheStoredState() {
        SessionStore small = createStore(space, SMALL_LIMIT);
        SessionKey key = await(small.save(Map.of("a", "1"), TTL));
        UpdateException e = failure(UpdateException.class, small.update(key, Map.of("a", "x".repeat(100)), TTL));
        assertEquals(SessionStoreException.Kind.SERIALIZATION, e.kind());
        assertTrue(e.getMessage().contains("101 bytes"), e.getMessage());
        // The delta alone fits, the merged state does not: the store must refuse it too.
        UpdateException merged = failure(UpdateException.class,
                small.updateDelta(key, Map.of("b", "y".repeat(62)), Set.of(), TTL));
        assertEquals(SessionStoreException.Kind.SERIALIZATION, merged.kind());
        assertTrue(merged.getMessage().contains("65 bytes"), merged.getMessage());
        assertEquals(Optional.of(Map.of("a", "1")), await(small.load(key)));
        assertEquals(1, storedSessions(space));
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

    private void awaitGone(SessionKey key) {
        long deadline = System.nanoTime() + SHORT_TTL.plus(GRACE).plusSeconds(2).toNanos();
        while (await(store.load(key)).isPresent()) {
            if (System.nanoTime() > deadline) {
                fail("session did not expire within TTL + 1 s");
            }
            sleep(100);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
