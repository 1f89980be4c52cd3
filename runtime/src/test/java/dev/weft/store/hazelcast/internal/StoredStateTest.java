package dev.weft.store.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stored form, which the entry processors work on without decoding strings. */
class StoredStateTest {

    private static final String LONG = "x".repeat(20_000);
    private static final Map<String, String> STATE = Map.of("cart", "[\"b\u00e9ret\",\"\ud83e\udde2\"]",
            "empty", "", "", "empty key", "long", LONG, "mid", "y".repeat(200), "@created", "1764107724000");
    private static final long T0 = 1_764_107_724_000L;
    private static final long MINUTE = 60_000;

    /** A value as format 1 wrote it: 'W', 1, an 8-byte stamp, then key, value, ... as varint length and UTF-8. */
    static byte[] format1(Map<String, String> state, long stamp) {
        byte[] pairs = StoredState.encode(state);
        ByteBuffer bytes = ByteBuffer.allocate(10 + pairs.length);
        bytes.put((byte) 'W').put((byte) 1).putLong(stamp).put(pairs);
        return bytes.array();
    }

    private static byte[] live(Map<String, String> state, long now) {
        return StoredState.live(StoredState.encode(state), now);
    }

    @Test
    void decodesWhatItEncodedWhateverTheLengthsAndCharacters() {
        byte[] stored = live(STATE, T0);
        assertTrue(StoredState.isReadable(stored));
        assertEquals(StoredState.LIVE, StoredState.kind(stored));
        assertEquals(STATE, StoredState.decode(stored));
        assertEquals(T0, StoredState.stamp(stored));
        assertEquals(Map.of(), StoredState.decode(live(Map.of(), 0)));
    }

    @Test
    void layoutIsHeaderBaseThenEntriesWithReservedKeysFirst() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("k", "z".repeat(200));
        state.put("@idle", "5");
        byte[] stored = live(state, 0x0102030405060708L);
        assertArrayEquals(new byte[] {'W', 2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8}, Arrays.copyOf(stored, 19),
                "format 2, live, stamp, base (the time of the first write)");
        assertArrayEquals(new byte[] {5, '@', 'i', 'd', 'l', 'e', 0, 2, '5', 1, 'k', 0, (byte) 0xc9, 0x01},
                Arrays.copyOfRange(stored, 19, 33), "key, time offset 0, value tag (length + 1) and value");
        assertEquals(33 + 200, stored.length);
        assertEquals(5, StoredState.idleMillis(stored));
        assertEquals(Long.MAX_VALUE, StoredState.deadline(stored));
    }

    @Test
    void restampingChangesOnlyTheStamp() {
        byte[] stored = live(STATE, 5);
        byte[] restamped = StoredState.restamped(stored, 9);
        assertEquals(5, StoredState.stamp(stored));
        assertEquals(9, StoredState.stamp(restamped));
        assertArrayEquals(Arrays.copyOfRange(stored, 11, stored.length), Arrays.copyOfRange(restamped, 11, restamped.length));
    }

    @Test
    void aMergeReplacesChangedKeysMarksRemovedOnesAndKeepsTheRest() {
        Map<String, String> before = new LinkedHashMap<>();
        before.put("a", "1");
        before.put("b", "2");
        before.put("c", "3");
        before.put("long", LONG);
        byte[] stored = live(before, T0);
        byte[] merged = StoredState.merged(stored, StoredState.encode(Map.of("b", "20", "d", "4")),
                StoredState.encodeKeys(Set.of("c", "absent")), T0 + MINUTE, 10 * MINUTE);
        assertEquals(Map.of("a", "1", "b", "20", "d", "4", "long", LONG), StoredState.decode(merged));
        assertEquals(T0 + MINUTE, StoredState.stamp(merged));
        assertEquals(new StoredState.Size(merged.length, 4), StoredState.size(merged), "markers are not keys");
        byte[] later = StoredState.merged(merged, StoredState.encode(Map.of()), StoredState.encodeKeys(Set.of()),
                T0 + 20 * MINUTE, 10 * MINUTE);
        assertTrue(later.length < merged.length, "markers older than their retention are dropped");
        assertEquals(StoredState.decode(merged), StoredState.decode(later));
    }

    @Test
    void reservedKeysStayFirstThroughAMerge() {
        byte[] stored = live(Map.of("a", "1"), T0);
        byte[] merged = StoredState.merged(stored, StoredState.encode(Map.of("@deadline", Long.toString(T0 + MINUTE))),
                StoredState.encodeKeys(Set.of()), T0, MINUTE);
        assertEquals(T0 + MINUTE, StoredState.deadline(merged));
        assertEquals('@', merged[20], "the first entry's key is reserved");
    }

    @Test
    void mergesLargeStatesWithLargeDeltas() {
        Map<String, String> before = new HashMap<>();
        Map<String, String> changed = new HashMap<>();
        Set<String> removed = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            before.put("k" + i, "v" + i);
            changed.put("k" + (i + 25_000), "w" + i);
            if (i % 2 == 0) {
                removed.add("k" + i);
            }
        }
        removed.removeAll(changed.keySet());
        Map<String, String> expected = new HashMap<>(before);
        expected.keySet().removeAll(removed);
        expected.putAll(changed);
        byte[] merged = StoredState.merged(live(before, T0), StoredState.encode(changed), StoredState.encodeKeys(removed),
                T0, MINUTE);
        assertEquals(expected, StoredState.decode(merged));
    }

    @Test
    void aReplacementRemovesEveryKeyItDoesNotSet() {
        byte[] stored = live(Map.of("a", "1", "b", "2", "@created", "5"), T0);
        byte[] pairs = StoredState.encode(Map.of("a", "3"));
        byte[] replaced = StoredState.merged(stored, pairs, StoredState.keysNotIn(stored, pairs), T0, MINUTE);
        assertEquals(Map.of("a", "3"), StoredState.decode(replaced));
    }

    @Test
    void copiesOfASplitMergeKeyByKeyLatestWriteFirst() {
        byte[] common = live(Map.of("a", "1", "b", "2", "c", "3"), T0);
        byte[] left = StoredState.merged(common, StoredState.encode(Map.of("a", "left")),
                StoredState.encodeKeys(Set.of("c")), T0 + MINUTE, 60 * MINUTE);
        byte[] right = StoredState.merged(common, StoredState.encode(Map.of("b", "right", "c", "revived?")),
                StoredState.encodeKeys(Set.of()), T0 + 2 * MINUTE, 60 * MINUTE);
        byte[] healed = (byte[]) StoredState.mergedReplicas(left, right);
        assertEquals(Map.of("a", "left", "b", "right", "c", "revived?"), StoredState.decode(healed),
                "c was removed on the left at T0+1, written on the right at T0+2: the later wins");
        assertEquals(T0 + MINUTE, StoredState.stamp(healed), "the merging copy's stamp, as Hazelcast keeps its expiry");
        byte[] removedLater = StoredState.merged(right, StoredState.encode(Map.of()), StoredState.encodeKeys(Set.of("c")),
                T0 + 3 * MINUTE, 60 * MINUTE);
        assertEquals(Map.of("a", "left", "b", "right"), StoredState.decode((byte[]) StoredState.mergedReplicas(left,
                removedLater)), "a later removal wins over an earlier write");
        assertEquals(StoredState.decode(healed), StoredState.decode((byte[]) StoredState.mergedReplicas(right, left)),
                "the same keys whichever side merges");
    }

    @Test
    void aTombstoneWinsOverALiveCopyAndUnreadableValuesAreNotMerged() {
        byte[] session = live(Map.of("user", "\"alice\""), T0);
        byte[] purged = StoredState.purged(T0 + MINUTE);
        byte[] later = StoredState.merged(session, StoredState.encode(Map.of("cart", "[1]")), new byte[0],
                T0 + 2 * MINUTE, MINUTE);
        assertSame(purged, StoredState.mergedReplicas(later, purged));
        assertSame(purged, StoredState.mergedReplicas(purged, later));
        byte[] renewed = StoredState.settled(StoredState.retired(new byte[32], StoredState.liveBody(session), MINUTE, T0));
        assertSame(renewed, StoredState.mergedReplicas(later, renewed));
        assertSame(renewed, StoredState.mergedReplicas(purged, renewed), "of two tombstones the earlier");
        assertSame(later, StoredState.mergedReplicas(later, null), "a session only one side has is kept");
        assertSame(session, StoredState.mergedReplicas("not weft", session));
        Object foreign = new byte[] {1, 2, 3};
        assertSame(foreign, StoredState.mergedReplicas(session, foreign), "the existing value stays");
    }

    @Test
    void tombstonesOfARenewalKeepTheSessionUntilSettled() {
        byte[] session = live(Map.of("a", "1", "@created", "5"), T0);
        byte[] successor = new byte[32];
        successor[0] = 7;
        byte[] body = StoredState.liveBody(session);
        byte[] retired = StoredState.retired(successor, body, 30 * MINUTE, T0 + MINUTE);
        assertTrue(StoredState.isReadable(retired));
        assertEquals(StoredState.RENEWED, StoredState.kind(retired));
        assertFalse(StoredState.isSettled(retired));
        assertArrayEquals(successor, StoredState.successor(retired));
        assertEquals(30 * MINUTE, StoredState.movedTtlMillis(retired));
        assertArrayEquals(body, StoredState.movedBody(retired));
        byte[] reinstated = StoredState.reinstated(retired, T0 + 2 * MINUTE);
        assertEquals(Map.of("a", "1", "@created", "5"), StoredState.decode(reinstated));
        assertEquals(T0 + 2 * MINUTE, StoredState.stamp(reinstated));
        byte[] settled = StoredState.settled(retired);
        assertTrue(StoredState.isReadable(settled) && StoredState.isSettled(settled));
        assertEquals(44, settled.length, "a settled tombstone: header, flag and the successor's digest");
        assertEquals(11, StoredState.purged(T0).length);
        byte[] moved = StoredState.moved(body, T0 + 3 * MINUTE);
        assertEquals(StoredState.decode(session), StoredState.decode(moved));
        assertThrows(IllegalArgumentException.class, () -> StoredState.decode(retired), "a tombstone holds no state");
    }

    @Test
    void format1IsReadAndTurnedIntoFormat2ByEveryWrite() {
        Map<String, String> state = Map.of("user", "\"alice\"", "cart", "[\"b\u00e9ret\"]");
        byte[] old = format1(state, T0);
        assertTrue(StoredState.isReadable(old));
        assertEquals(StoredState.LIVE, StoredState.kind(old));
        assertEquals(T0, StoredState.stamp(old));
        assertEquals(state, StoredState.decode(old));
        byte[] restamped = StoredState.restamped(old, T0 + MINUTE);
        assertEquals(2, restamped[1]);
        assertEquals(state, StoredState.decode(restamped));
        byte[] merged = StoredState.merged(old, StoredState.encode(Map.of("theme", "\"dark\"")), new byte[0], T0, MINUTE);
        assertEquals(2, merged[1]);
        assertEquals(Map.of("user", "\"alice\"", "cart", "[\"b\u00e9ret\"]", "theme", "\"dark\""), StoredState.decode(merged));
        assertEquals(state, StoredState.decode(StoredState.moved(StoredState.liveBody(old), T0)));
    }

    @Test
    void refusesWhatItDidNotWrite() {
        byte[] good = live(Map.of("k", "v"), 0);
        assertTrue(StoredState.isReadable(good));
        List<Object> bad = List.of(new byte[0], "text", new String[] {"0", "k", "v"},
                Arrays.copyOf(good, 10), // a cut stamp
                Arrays.copyOf(good, 15), // a cut base
                Arrays.copyOf(good, good.length - 1), // a cut value
                withEntries(good, 1, 'k', 0), // a key without a value tag
                withEntries(good, 1, 'k', 0, 5, 'v'), // a value shorter than its tag
                withEntries(good, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f), // a length of 2^32 - 1
                withEntries(good, (byte) 0x81, 0x00, 'k', 0, 2, 'v'), // 1 written in two bytes
                withEntries(good, 1, 'k', (byte) 0x80, 0x00, 2, 'v'), // a time offset not in its shortest form
                withEntries(good, 1, (byte) 0xff, 0, 2, 'v'), // not UTF-8
                withEntries(good, 2, (byte) 0xc3, 'x', 0, 2, 'v'), // a cut two-byte character
                withEntries(good, 3, (byte) 0xed, (byte) 0xa0, (byte) 0x80, 0, 2, 'v'), // an encoded surrogate
                format1Body(1, 'k'), // format 1: a key without a value
                Arrays.copyOf(StoredState.purged(0), 12)); // a purged tombstone with a body
        for (Object value : bad) {
            assertFalse(StoredState.isReadable(value), () -> "readable: " + describe(value));
            assertThrows(IllegalArgumentException.class, () -> StoredState.decode(value));
        }
        for (int i = 0; i < 3; i++) {
            byte[] otherFormat = good.clone();
            otherFormat[i] += 3; // another magic byte, a future format, an unknown kind
            assertFalse(StoredState.isReadable(otherFormat), "format byte " + i);
        }
    }

    @Test
    void aLimitNamesTheFirstWrittenKeyThatCrossesIt() {
        Map<String, String> changed = new LinkedHashMap<>();
        changed.put("small", "1");
        changed.put("big", "x".repeat(100));
        changed.put("after", "2");
        byte[] pairs = StoredState.encode(changed);
        byte[] stored = StoredState.merged(live(Map.of("kept", "k"), T0), pairs, new byte[0], T0, MINUTE);
        assertNull(StoredState.crossingKey(stored, pairs, 1000, 10));
        assertEquals("big", StoredState.crossingKey(stored, pairs, 100, 10));
        assertEquals("after", StoredState.crossingKey(stored, pairs, 1000, 3), "the fourth key crosses a limit of 3");
    }

    @Test
    void ttlsAreWholeSecondsPlusOneAndNeverPassTheDeadline() {
        assertEquals(2000, StoredState.hazelcastTtlMillis(Duration.ofMillis(1)));
        assertEquals(2000, StoredState.hazelcastTtlMillis(Duration.ofSeconds(1)));
        assertEquals(3000, StoredState.hazelcastTtlMillis(Duration.ofMillis(1001)));
        assertEquals(1801_000, StoredState.hazelcastTtlMillis(Duration.ofMinutes(30)));
        assertEquals(Duration.ofDays(365).plusSeconds(1).toMillis(), StoredState.hazelcastTtlMillis(Duration.ofDays(365)));
        byte[] plain = live(Map.of(), T0);
        assertEquals(31_000, StoredState.effectiveTtlMillis(plain, 30_000, T0));
        byte[] ownIdle = live(Map.of("@idle", "90000"), T0);
        assertEquals(91_000, StoredState.effectiveTtlMillis(ownIdle, 30_000, T0), "the session's own idle timeout");
        byte[] deadline = live(Map.of("@deadline", Long.toString(T0 + 10_500)), T0);
        assertEquals(10_500, StoredState.effectiveTtlMillis(deadline, 30_000, T0), "cut at the deadline");
        assertEquals(31_000, StoredState.effectiveTtlMillis(deadline, 30_000, T0 - MINUTE));
        assertEquals(0, StoredState.effectiveTtlMillis(deadline, 30_000, T0 + 10_500), "past it: nothing to write");
    }

    private static byte[] withEntries(byte[] stored, int... entries) {
        byte[] bytes = Arrays.copyOf(stored, 19 + entries.length);
        for (int i = 0; i < entries.length; i++) {
            bytes[19 + i] = (byte) entries[i];
        }
        return bytes;
    }

    private static byte[] format1Body(int... pairs) {
        byte[] bytes = Arrays.copyOf(format1(Map.of(), 0), 10 + pairs.length);
        for (int i = 0; i < pairs.length; i++) {
            bytes[10 + i] = (byte) pairs[i];
        }
        return bytes;
    }

    private static String describe(Object value) {
        return value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value);
    }
}
