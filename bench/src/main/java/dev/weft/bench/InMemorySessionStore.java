package dev.weft.bench;

import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store in a {@link ConcurrentHashMap}, without expiry: for micro-benchmarks of what happens
 * inside an open scope, where the store is touched only when the scope opens and closes.
 */
public final class InMemorySessionStore implements SessionStore {

    private final Map<SessionKey, Map<String, String>> sessions = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        return CompletableFuture.completedFuture(Optional.ofNullable(sessions.get(key)));
    }

    @Override
    public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
        SessionKey key = SessionKey.generate();
        sessions.put(key, Map.copyOf(state));
        return CompletableFuture.completedFuture(key);
    }

    @Override
    public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        if (sessions.replace(key, Map.copyOf(state)) == null) {
            return save(state, ttl);
        }
        return CompletableFuture.completedFuture(key);
    }

    @Override
    public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> delete(SessionKey key) {
        sessions.remove(key);
        return CompletableFuture.completedFuture(null);
    }
}
