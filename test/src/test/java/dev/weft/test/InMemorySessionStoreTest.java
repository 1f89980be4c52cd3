package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.store.BlockingSessionStore;
import dev.weft.store.ReservedKeys;
import dev.weft.store.SaveException;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStoreException;
import dev.weft.store.UpdateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What the in-memory store does beyond the contract suite ({@link InMemoryStoreContractTest}):
 * exact expiry by its clock, how it counts bytes and names the key over a limit, what it lets a
 * test see, and a renewal racing writes.
 */
class InMemorySessionStoreTest {

    private static final Duration TTL = Duration.ofMinutes(30);

    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemorySessionStore memory = InMemorySessionStore.builder().clock(clock).build();
    private final BlockingSessionStore store = memory.blocking();

    @Test
    void aSessionLivesUntilTheInstantItsTtlRunsOutAndEachTouchExtendsIt() {
        SessionKey key = store.save(Map.of("a", "1"), TTL);
        assertEquals(Optional.of(clock.instant().plus(TTL)), memory.expiresAt(key.id()));
        clock.advance(TTL.minusMillis(1));
        assertEquals(Map.of("a", "1"), store.loadAndUpdateTtl(key, TTL).orElseThrow());
        assertEquals(Optional.of(clock.instant().plus(TTL)), memory.expiresAt(key.id()), "extended from now");
        clock.advance(TTL.minusMillis(1));
        assertTrue(store.load(key).isPresent());
        assertEquals(Optional.of(clock.instant().plusMillis(1)), memory.expiresAt(key.id()), "a plain load extends nothing");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), store.load(key));
        assertEquals(0, memory.storedEntries());
    }

    @Test
    void itsOwnIdleTimeoutReplacesTheTtlAndItsDeadlineEndsIt() {
        long deadline = clock.millis() + Duration.ofMinutes(45).toMillis();
        SessionKey key = store.save(Map.of(ReservedKeys.IDLE_TIMEOUT, Long.toString(Duration.ofHours(1).toMillis()),
                ReservedKeys.DEADLINE, Long.toString(deadline)), TTL);
        assertEquals(Optional.of(Instant.ofEpochMilli(deadline)), memory.expiresAt(key.id()), "the deadline comes first");
        SessionKey idle = store.save(Map.of(ReservedKeys.IDLE_TIMEOUT, "1000"), TTL);
        assertEquals(Optional.of(clock.instant().plusSeconds(1)), memory.expiresAt(idle.id()));
        clock.advance(Duration.ofMinutes(45));
        assertEquals(Set.of(), memory.sessionIds());
    }

    @Test
    void aTombstoneRefusesWritesForItsGraceThenTheKeyIsUnknown() {
        InMemorySessionStore shortGrace = InMemorySessionStore.builder().clock(clock)
                .tombstoneGrace(Duration.ofSeconds(5)).build();
        SessionKey key = shortGrace.blocking().save(Map.of("a", "1"), TTL);
        shortGrace.blocking().delete(key);
        assertTrue(shortGrace.isEnded(key.id()));
        assertEquals(1, shortGrace.storedEntries(), "the tombstone");
        assertEquals(Set.of(), shortGrace.sessionIds());
        clock.advance(Duration.ofMillis(4999));
        UpdateException refused = assertThrows(UpdateException.class,
                () -> shortGrace.blocking().updateDelta(key, Map.of("b", "2"), Set.of(), TTL));
        assertEquals(SessionStoreException.Kind.ENDED, refused.kind());
        clock.advance(Duration.ofMillis(1));
        assertFalse(shortGrace.isEnded(key.id()));
        assertEquals(0, shortGrace.storedEntries());
        assertNotEquals(key, shortGrace.blocking().updateDelta(key, Map.of("b", "2"), Set.of(), TTL));
    }

    @Test
    void storedBytesAreTheUtf8BytesOfKeysAndValues() {
        InMemorySessionStore ten = InMemorySessionStore.builder().clock(clock).maxStateBytes(10).build();
        ten.blocking().save(Map.of("k", "123456789"), TTL); // 1 + 9
        ten.blocking().save(Map.of("é", "12345678"), TTL); // 2 + 8
        ten.blocking().save(Map.of("\uD83E\uDDE2", "123456"), TTL); // 4 + 6
        SaveException over = assertThrows(SaveException.class, () -> ten.blocking().save(Map.of("k", "€€€x"), TTL));
        assertEquals("the session's state would take 11 bytes (UTF-8 of its keys and values), more than the limit of"
                + " 10 bytes; the write of key 'k' crossed it", over.getMessage());
        assertEquals(3, ten.storedEntries());
    }

    @Test
    void theKeyNamedIsTheFirstWrittenInSortedOrderToCrossTheLimit() {
        InMemorySessionStore small = InMemorySessionStore.builder().clock(clock).maxStateBytes(8).build();
        SaveException save = assertThrows(SaveException.class,
                () -> small.blocking().save(Map.of("c", "xx", "a", "xx", "b", "xx"), TTL));
        assertTrue(save.getMessage().endsWith("the write of key 'c' crossed it"), save.getMessage());
        SessionKey key = small.blocking().save(Map.of("z", "xxxxx"), TTL); // 6 bytes stored
        UpdateException delta = assertThrows(UpdateException.class,
                () -> small.blocking().updateDelta(key, Map.of("b", "x", "a", "x"), Set.of(), TTL));
        assertTrue(delta.getMessage().endsWith("the write of key 'b' crossed it"), delta.getMessage());
    }

    @Test
    void lookingInsideChangesNothing() {
        SessionKey key = store.save(Map.of("a", "1", ReservedKeys.CREATED, "7"), TTL);
        clock.advance(Duration.ofMinutes(10));
        Instant expires = memory.expiresAt(key.id()).orElseThrow();
        assertEquals(Optional.of(Map.of("a", "1", ReservedKeys.CREATED, "7")), memory.state(key.id()));
        assertEquals(Set.of(key.id()), memory.sessionIds());
        assertEquals(1, memory.storedEntries());
        assertEquals(expires, memory.expiresAt(key.id()).orElseThrow());
        assertFalse(memory.isEnded(key.id()));
        assertEquals(Optional.empty(), memory.state(SessionKey.generate().id()));
    }

    @Test
    void theAsynchronousOperationsAreDoneWhenTheyReturn() {
        var saved = memory.save(Map.of("a", "1"), TTL).toCompletableFuture();
        assertTrue(saved.isDone());
        var refused = memory.save(Map.of("x", "y".repeat(2 * 1024 * 1024)), TTL).toCompletableFuture();
        assertTrue(refused.isCompletedExceptionally());
        assertThrows(IllegalArgumentException.class, () -> memory.save(Map.of("a", "1"), Duration.ZERO),
                "argument errors are thrown, not put in the stage");
    }

    /**
     * A renewal and writes with the old key, in the three orders that matter, forced: a write that
     * came before the renewal took the state is part of the renewed state; one that comes after it
     * (here: between the renewal's two steps, when the new key is not stored yet) is refused as
     * ended; nothing lands under either key that was refused.
     */
    @Test
    void aRenewalTakesExactlyTheWritesThatCameBeforeIt() {
        SessionKey[] old = new SessionKey[1];
        BlockingSessionStore[] renewing = new BlockingSessionStore[1];
        List<SessionStoreException.Kind> between = new ArrayList<>();
        List<Optional<Map<String, String>>> oldKeyBetween = new ArrayList<>();
        renewing[0] = InMemorySessionStore.builder().clock(clock).betweenRenewalSteps(() -> {
            between.add(assertThrows(UpdateException.class,
                    () -> renewing[0].updateDelta(old[0], Map.of("late", "1"), Set.of(), TTL)).kind());
            oldKeyBetween.add(renewing[0].load(old[0]));
        }).build().blocking();
        old[0] = renewing[0].save(Map.of("start", "1"), TTL);
        assertEquals(old[0], renewing[0].updateDelta(old[0], Map.of("early", "1"), Set.of(), TTL), "before: accepted");
        SessionKey key = renewing[0].renew(old[0], Map.of("renewed", "1"), Set.of(), TTL);
        assertEquals(List.of(SessionStoreException.Kind.ENDED), between, "a write between the steps is refused");
        assertEquals(List.of(Optional.empty()), oldKeyBetween, "and the old key loads nothing then");
        assertEquals(Map.of("start", "1", "early", "1", "renewed", "1"), renewing[0].load(key).orElseThrow(),
                "the write before is part of the renewed state, the refused one is not");
        UpdateException after = assertThrows(UpdateException.class,
                () -> renewing[0].updateDelta(old[0], Map.of("later", "1"), Set.of(), TTL));
        assertEquals(SessionStoreException.Kind.ENDED, after.kind(), "after: refused");
        assertEquals(Optional.empty(), renewing[0].load(old[0]));
    }

    @Test
    void theBuilderRefusesOptionsOutOfRange() {
        InMemorySessionStore.Builder builder = InMemorySessionStore.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.tombstoneGrace(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.tombstoneGrace(null));
        assertThrows(IllegalArgumentException.class, () -> builder.tombstoneGrace(Duration.ofDays(366)));
        assertThrows(IllegalArgumentException.class, () -> builder.maxStateBytes(0));
        assertThrows(IllegalArgumentException.class, () -> builder.maxEntries(0));
        assertThrows(NullPointerException.class, () -> builder.clock(null));
    }
}
