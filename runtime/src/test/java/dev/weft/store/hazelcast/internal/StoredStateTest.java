package dev.weft.store.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
        assertArrayEquals(new byte[] {1, 1, 2, 3, 4, 5, 6, 7, 8, 1, 'k', (byte) 0xc8, 0x01}, Arrays.copyOf(stored, 13));
        assertEquals(13 + 200, stored.length);
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
    void sizeCountsTheUtf8BytesOfKeysAndValues() {
        assertEquals(2 + 4, StoredState.size(StoredState.encode(Map.of("\u00e9", "\ud83e\udde2"))));
        assertEquals(0, StoredState.size(StoredState.encode(Map.of())));
        assertEquals(4 + 20_000, StoredState.size(StoredState.encode(Map.of("long", LONG))));
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
    void refusesWhatItDidNotWrite() {
        byte[] good = StoredState.stamped(StoredState.encode(Map.of("k", "v")), 0);
        byte[] overlongLength = {1, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, 0x01};
        for (Object bad : List.of(new byte[0], Arrays.copyOf(good, 8), Arrays.copyOf(good, good.length - 1),
                Arrays.copyOf(good, 11), overlongLength, new String[] {"0", "k", "v"}, "text")) {
            assertFalse(StoredState.isReadable(bad), () -> "readable: " + bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoredState.decode(bad));
            assertTrue(e.getMessage().endsWith("not a state written by Weft"), e.getMessage());
        }
        byte[] otherFormat = good.clone();
        otherFormat[0] = 2;
        assertFalse(StoredState.isReadable(otherFormat));
    }
}
