package dev.weft.store.hazelcast.internal;

import dev.weft.store.internal.StoreArguments;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * How a session's state sits in the map: a flat {@code String[]} of a stamp followed by key,
 * value, key, value... The stamp is the time (epoch milliseconds, on the partition owner's clock)
 * the entry's TTL was last set, so a load can skip resetting a TTL that was reset moments ago.
 * Hazelcast serializes string arrays natively, so members need no Weft class to hold sessions,
 * and nothing goes through Java serialization.
 */
public final class StoredState {

    private StoredState() {
    }

    /** Flattens a state into key, value pairs (the payload writes carry; the stamp is added where they run). */
    public static String[] encode(Map<String, String> state) {
        String[] pairs = new String[state.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> entry : state.entrySet()) {
            pairs[i++] = entry.getKey();
            pairs[i++] = entry.getValue();
        }
        return pairs;
    }

    /** The stored form of {@code pairs}, stamped with {@code now}. */
    public static String[] stamped(String[] pairs, long now) {
        String[] stored = new String[pairs.length + 1];
        stored[0] = Long.toString(now);
        System.arraycopy(pairs, 0, stored, 1, pairs.length);
        return stored;
    }

    /** The key, value pairs of a readable stored state. */
    public static String[] pairs(String[] stored) {
        return java.util.Arrays.copyOfRange(stored, 1, stored.length);
    }

    /** When the TTL of a readable stored state was last set. */
    public static long stamp(String[] stored) {
        return Long.parseLong(stored[0]);
    }

    /**
     * Reads the stored form back.
     *
     * @throws IllegalArgumentException if {@code stored} is not a state this class wrote
     */
    public static Map<String, String> decode(Object stored) {
        if (!isReadable(stored)) {
            throw new IllegalArgumentException("stored session value is "
                    + (stored instanceof String[] ? "a malformed string array" : "a " + stored.getClass().getName())
                    + ", not a state written by Weft");
        }
        String[] pairs = (String[]) stored;
        Map<String, String> state = new HashMap<>(pairs.length);
        for (int i = 1; i < pairs.length; i += 2) {
            state.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(state);
    }

    /** Whether {@link #decode} would accept {@code stored}. */
    public static boolean isReadable(Object stored) {
        if (!(stored instanceof String[])) {
            return false;
        }
        String[] array = (String[]) stored;
        if (array.length % 2 != 1) {
            return false;
        }
        for (String s : array) {
            if (s == null) {
                return false;
            }
        }
        try {
            Long.parseLong(array[0]);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The encoded size of a state: the UTF-8 bytes of every key and value. */
    public static long size(String[] pairs) {
        long size = 0;
        for (String s : pairs) {
            size += StoreArguments.utf8Length(s);
        }
        return size;
    }

    /**
     * The TTL to hand Hazelcast for a session that must live at least {@code ttl}: Hazelcast
     * keeps expiry times in whole seconds, truncated, so an entry may expire up to one second
     * before its TTL. Rounding the TTL up to whole seconds and adding one second makes a session
     * live at least its (rounded) TTL and at most one second longer.
     */
    public static long hazelcastTtlMillis(Duration ttl) {
        long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
        long padded = Math.min(seconds, Integer.MAX_VALUE - 1L) + 1;
        return padded * 1000;
    }
}
