package dev.weft.store.hazelcast.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * How a session's state sits in the map: a flat {@code String[]} of key, value, key, value...
 * Hazelcast serializes string arrays natively, so members need no Weft class to hold sessions,
 * and nothing goes through Java serialization.
 */
public final class StoredState {

    private StoredState() {
    }

    /** Flattens a state into the stored form. */
    public static String[] encode(Map<String, String> state) {
        String[] pairs = new String[state.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> entry : state.entrySet()) {
            pairs[i++] = entry.getKey();
            pairs[i++] = entry.getValue();
        }
        return pairs;
    }

    /**
     * Reads the stored form back.
     *
     * @throws IllegalArgumentException if {@code stored} is not a state this class wrote
     */
    public static Map<String, String> decode(Object stored) {
        String[] pairs = pairs(stored);
        Map<String, String> state = new HashMap<>(pairs.length);
        for (int i = 0; i < pairs.length; i += 2) {
            state.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(state);
    }

    /** Whether {@link #decode} would accept {@code stored}. */
    public static boolean isReadable(Object stored) {
        if (!(stored instanceof String[])) {
            return false;
        }
        String[] pairs = (String[]) stored;
        if (pairs.length % 2 != 0) {
            return false;
        }
        for (String s : pairs) {
            if (s == null) {
                return false;
            }
        }
        return true;
    }

    static String[] pairs(Object stored) {
        if (!isReadable(stored)) {
            throw new IllegalArgumentException("stored session value is "
                    + (stored instanceof String[] ? "a malformed string array" : "a " + stored.getClass().getName())
                    + ", not a state written by Weft");
        }
        return (String[]) stored;
    }

    /** The encoded size of a state: the UTF-8 bytes of every key and value. */
    public static long size(String[] pairs) {
        return dev.weft.store.internal.StoreArguments.encodedSize(java.util.Arrays.asList(pairs));
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
