package dev.weft.store.internal;

import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Argument checks and helpers shared by every {@link dev.weft.store.SessionStore}. */
public final class StoreArguments {

    private StoreArguments() {
    }

    /** Throws unless {@code ttl} is positive and at most {@link SessionStore#MAX_TTL}. */
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

    /** Throws unless every key and value of {@code state} is non-null. */
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

    /** Checks the arguments of {@code updateDelta}. */
    public static void requireDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        Objects.requireNonNull(key, "key must not be null");
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

    /** Returns the failure a {@link CompletionException} or {@link ExecutionException} wraps. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
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
                            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") at index " + i
                            + ", which UTF-8 cannot store");
                }
            }
        }
    }
}
