package dev.weft.store;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The argument checks of the {@link SessionStore} contract ("Rules every operation follows"), for
 * stores written outside Weft: each throws what the contract says, with the messages Weft's own
 * stores give, naming the argument or state key at fault and never a value.
 */
public final class StoreArguments {

    private StoreArguments() {
    }

    /**
     * Throws unless {@code key} is non-null.
     *
     * @return {@code key}
     * @throws NullPointerException if it is null
     */
    public static SessionKey requireKey(SessionKey key) {
        return Objects.requireNonNull(key, "key must not be null");
    }

    /**
     * Throws unless {@code ttl} is positive and at most {@link SessionStore#MAX_TTL}.
     *
     * @return {@code ttl}
     * @throws IllegalArgumentException if it is null, zero, negative or longer
     */
    public static Duration requireTtl(Duration ttl) {
        if (ttl == null) {
            throw new IllegalArgumentException("session TTL must not be null");
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("session TTL must be positive, was " + ttl);
        }
        if (ttl.compareTo(SessionStore.MAX_TTL) > 0) {
            throw new IllegalArgumentException("session TTL must be at most " + SessionStore.MAX_TTL.toDays()
                    + " days, was " + ttl);
        }
        return ttl;
    }

    /**
     * Throws unless {@code state} and every key and value in it are non-null text that UTF-8 can
     * hold (no unpaired surrogate).
     *
     * @return {@code state}
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException naming the first key at fault
     */
    public static Map<String, String> requireState(Map<String, String> state) {
        Objects.requireNonNull(state, "state must not be null");
        for (Map.Entry<String, String> entry : state.entrySet()) {
            if (entry.getKey() == null) {
                throw new IllegalArgumentException("state has a null key");
            }
            requireText(entry.getKey(), "state key");
            if (entry.getValue() == null) {
                throw new IllegalArgumentException("state value for key '" + entry.getKey() + "' is null");
            }
            requireText(entry.getValue(), "state value for key '" + entry.getKey() + "'");
        }
        return state;
    }

    /**
     * The checks of {@link SessionStore#updateDelta} and {@link SessionStore#renew}: a key, a state
     * of changes, removed keys that are non-null text and not also changed, and a TTL.
     *
     * @throws NullPointerException if {@code key}, {@code changed} or {@code removed} is null
     * @throws IllegalArgumentException naming the first key at fault, or for the TTL
     */
    public static void requireDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        requireKey(key);
        requireState(changed);
        Objects.requireNonNull(removed, "removed must not be null");
        for (String name : removed) {
            if (name == null) {
                throw new IllegalArgumentException("removed keys hold a null key");
            }
            requireText(name, "removed key");
            if (changed.containsKey(name)) {
                throw new IllegalArgumentException("key '" + name + "' is both changed and removed");
            }
        }
        requireTtl(ttl);
    }

    /**
     * Refuses text with an unpaired surrogate: UTF-8, the stored encoding, has no form for one
     * (Java's encoder writes {@code ?} instead), so the value read back would not be the value saved.
     */
    private static void requireText(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException(what + " has an unpaired surrogate (U+"
                            + Integer.toHexString(c).toUpperCase(Locale.ROOT) + ") at index " + i
                            + ", which UTF-8 cannot store");
                }
            }
        }
    }
}
