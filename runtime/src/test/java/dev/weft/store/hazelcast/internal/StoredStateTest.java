package dev.weft.store.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stored form's encoding, which the entry processors work on without decoding strings. */
class StoredStateTest {

    private static final String LONG = "x".repeat(20_000);
    private static final Map<String, String> STATE = Map.of("cart", "[\"b\u00e9ret\",\"\ud83e\udde2\"]",
            "empty", "", "", "empty key", "long", LONG, "mid", "y".repeat(200));

    @Test
    void decodesWhatItEncodedWhateverTheLengthsAndCharacters() {
        byte[] stored = StoredState.stamped(StoredState.encode(STATE), 1_764_107_724_000L);
        assertTrue(StoredState.isReadable(stored));
        assertEquals(STATE, StoredState.decode(stored));
        assertEquals(1_764_107_724_000L, StoredState.stamp(stored));
        assertEquals(Map.of(), StoredState.decode(StoredState.stamped(StoredState.encode(Map.of()), 0)));
    }

    @Test
    void lengthsAreVarintsAndTheStampIsBigEndian() {
        byte[] stored = StoredState.stamped(StoredState.encode(Map.of("k", "z".repeat(200))), 0x0102030405060708L);
        assertArrayEquals(new byte[] {'W', 1, 1, 2, 3, 4, 5, 6, 7, 8, 1, 'k', (byte) 0xc8, 0x01},
                Arrays.copyOf(stored, 14));
        assertEquals(14 + 200, stored.length);
    }

    @Test
    void restampingKeepsThePairsAndLeavesTheOriginalAlone() {
        byte[] stored = StoredState.stamped(StoredState.encode(STATE), 5);
        byte[] restamped = StoredState.restamped(stored, 9);
        assertEquals(5, StoredState.stamp(stored));
        assertEquals(9, StoredState.stamp(restamped));
        assertEquals(STATE, StoredState.decode(restamped));
    }

    @Test
    void sizeCountsTheUtf8BytesOfKeysAndValuesBeforeAndAfterEncoding() {
        for (Map<String, String> state : List.of(Map.of("\u00e9", "\ud83e\udde2\u20ac"), Map.<String, String>of(),
                Map.of("long", LONG), STATE)) {
            long size = StoredState.size(state);
            assertEquals(size, StoredState.size(StoredState.encode(state)), state::toString);
            assertEquals(size, state.entrySet().stream().mapToLong(e -> e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length).sum(), state::toString);
        }
        assertEquals(2 + 4 + 3, StoredState.size(Map.of("\u00e9", "\ud83e\udde2\u20ac")));
    }

    @Test
    void mergeReplacesChangedKeysDropsRemovedOnesAndKeepsTheRest() {
        Map<String, String> before = new LinkedHashMap<>();
        before.put("a", "1");
        before.put("b", "2");
        before.put("c", "3");
        before.put("long", LONG);
        byte[] stored = StoredState.stamped(StoredState.encode(before), 0);
        byte[] merged = StoredState.merged(stored, StoredState.encode(Map.of("b", "20", "d", "4")),
                StoredState.encodeKeys(Set.of("c", "absent")));
        assertEquals(Map.of("a", "1", "b", "20", "d", "4", "long", LONG),
                StoredState.decode(StoredState.stamped(merged, 0)));
        byte[] unchanged = StoredState.merged(stored, StoredState.encode(Map.of()), StoredState.encodeKeys(Set.of()));
        assertTrue(StoredState.holds(stored, unchanged));
        assertFalse(StoredState.holds(stored, merged));
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
        byte[] merged = StoredState.merged(StoredState.stamped(StoredState.encode(before), 0),
                StoredState.encode(changed), StoredState.encodeKeys(removed));
        assertEquals(expected, StoredState.decode(StoredState.stamped(merged, 0)));
    }

    @Test
    void refusesWhatItDidNotWrite() {
        byte[] good = StoredState.stamped(StoredState.encode(Map.of("k", "v")), 0);
        assertTrue(StoredState.isReadable(good));
        List<Object> bad = List.of(new byte[0], "text", new String[] {"0", "k", "v"},
                Arrays.copyOf(good, 9), // a cut stamp
                Arrays.copyOf(good, good.length - 1), // a cut value
                Arrays.copyOf(good, 12), // a key without a value
                withBody(good, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f), // a length of 2^32 - 1
                withBody(good, (byte) 0x81, 0x00, 'k', 1, 'v'), // 1 written in two bytes
                withBody(good, 1, (byte) 0xff, 1, 'v'), // not UTF-8
                withBody(good, 2, (byte) 0xc3, 'x', 1, 'v'), // a cut two-byte character
                withBody(good, 3, (byte) 0xed, (byte) 0xa0, (byte) 0x80, 1, 'v')); // an encoded surrogate
        for (Object value : bad) {
            assertFalse(StoredState.isReadable(value), () -> "readable: " + describe(value));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoredState.decode(value));
            assertTrue(e.getMessage().endsWith("not a state written by Weft"), e.getMessage());
        }
        for (int i = 0; i < 2; i++) {
            byte[] otherFormat = good.clone();
            otherFormat[i]++;
            assertFalse(StoredState.isReadable(otherFormat), "format byte " + i);
        }
    }

    private static byte[] withBody(byte[] stored, int... body) {
        byte[] bytes = Arrays.copyOf(stored, 10 + body.length);
        for (int i = 0; i < body.length; i++) {
            bytes[10 + i] = (byte) body[i];
        }
        return bytes;
    }

    private static String describe(Object value) {
        return value instanceof byte[] ? Arrays.toString((byte[]) value) : String.valueOf(value);
    }
}
